import { ticketHistoryCard } from '../../cards/index.js';
import { describeEvent } from '../../src/tickets/history.js';
import { actorOf, tenantOf } from '../context.js';
import type { ActionHandler } from '../deps.js';
import { HelpdeskError } from '../../src/errors.js';
import { requireTicketId } from './data.js';

const PAGE = 15;

/** `ticket.history`: the full audit trail, newest first, a page at a time. */
export const ticketHistory: ActionHandler = async (context, deps, data) => {
  const tenantId = tenantOf(context);
  const ticket = await deps.tickets.get(tenantId, requireTicketId(data));
  const actor = actorOf(context);
  const allowed =
    ticket.requester.id === actor.id || (await deps.tickets.isTechnician(tenantId, actor));
  if (!allowed)
    throw new HelpdeskError(
      'forbidden',
      'Only the requester and the support team can see this history.',
    );

  const events = [...(await deps.tickets.history(tenantId, ticket.id))].reverse();
  const start = Math.max(0, Number(data.cursor ?? 0) || 0);
  const entries = events.slice(start, start + PAGE).map((event) => ({
    text: describeEvent(event),
    who: event.actor.name,
    when: `${event.at.slice(0, 16).replace('T', ' ')} UTC`,
  }));
  const more = start + PAGE < events.length ? String(start + PAGE) : undefined;
  return ticketHistoryCard(ticket, entries, more);
};
