import { isHelpdeskError } from '../../src/errors.js';
import type { ActionInput, TicketAction } from '../../src/tickets/actions.js';
import { actorOf, isPersonalChat, tenantOf } from '../context.js';
import type { ActionHandler } from '../deps.js';
import { personalTicketCard, requesterTicketCard, sharedTicketCard } from '../views.js';
import { requireTicketId } from './data.js';

export const STALE_CARD =
  'This ticket changed since this card was drawn, so nothing was done. Here it is now.';

/**
 * The handler for one life-cycle action pressed on a card. A change made from the channel
 * answers with the shared card (it carries `refresh`, so the card changes for everyone); a
 * refusal or a stale card answers only the person who pressed.
 */
export function ticketActionHandler(
  action: TicketAction,
  readInput: (data: Readonly<Record<string, unknown>>) => ActionInput = textInput,
): ActionHandler {
  return async (context, deps, data) => {
    const actor = actorOf(context);
    const tenantId = tenantOf(context);
    const ticketId = requireTicketId(data);
    const personal = isPersonalChat(context);
    const viewOf = async (ticket: Parameters<typeof sharedTicketCard>[0], notice?: string) =>
      personal
        ? requesterTicketCard(ticket, deps, notice ?? `${ticket.id}`)
        : personalTicketCard(ticket, deps, actor, notice);
    try {
      const result = await deps.tickets.perform(action, {
        tenantId,
        ticketId,
        actor,
        input: readInput(data),
        expectedVersion: typeof data.version === 'number' ? data.version : undefined,
      });
      if (result.outcome === 'stale') return viewOf(result.ticket, STALE_CARD);
      deps.notifyOutbox();
      return personal
        ? requesterTicketCard(result.ticket, deps, 'Done')
        : sharedTicketCard(result.ticket, deps, actor);
    } catch (error) {
      // A refusal the person can understand: show it on their view of the current ticket.
      if (!isHelpdeskError(error) || error.code === 'not_found') throw error;
      if (!['forbidden', 'invalid_transition', 'bad_request'].includes(error.code)) throw error;
      deps.log.info({ tenantId, ticketId, action, code: error.code }, 'action refused');
      return viewOf(await deps.tickets.get(tenantId, ticketId), error.message);
    }
  };
}

function textInput(data: Readonly<Record<string, unknown>>): ActionInput {
  const text = (name: string) =>
    typeof data[name] === 'string' ? (data[name] as string) : undefined;
  return { note: text('note'), priority: text('priority'), category: text('category') };
}
