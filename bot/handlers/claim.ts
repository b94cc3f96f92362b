import { isHelpdeskError } from '../../src/errors.js';
import { actorOf, tenantOf } from '../context.js';
import type { ActionHandler } from '../deps.js';
import { personalTicketCard, sharedTicketCard } from '../views.js';
import { requireTicketId } from './data.js';
import { STALE_CARD } from './ticket-action.js';

/**
 * `ticket.claim`: a technician takes a ticket. The winner's answer carries `refresh`, so the card
 * changes for the whole channel; a loser or a non-technician gets a note only they see.
 */
export const claimTicket: ActionHandler = async (context, deps, data) => {
  const actor = actorOf(context);
  const tenantId = tenantOf(context);
  const ticketId = requireTicketId(data);
  try {
    const version = typeof data.version === 'number' ? data.version : undefined;
    const result = await deps.tickets.claim(tenantId, ticketId, actor, version);
    switch (result.outcome) {
      case 'claimed':
        deps.notifyOutbox();
        return sharedTicketCard(result.ticket, deps, actor);
      case 'already-yours':
        return personalTicketCard(result.ticket, deps, actor, 'You already own this ticket.');
      case 'owned-by-other':
        return personalTicketCard(
          result.ticket,
          deps,
          actor,
          `${result.owner.name} already claimed this ticket.`,
        );
      case 'stale':
        return personalTicketCard(result.ticket, deps, actor, STALE_CARD);
      case 'not-claimable':
        return personalTicketCard(
          result.ticket,
          deps,
          actor,
          `This ticket cannot be claimed: ${result.reason}.`,
        );
    }
  } catch (error) {
    if (!isHelpdeskError(error, 'forbidden')) throw error;
    const ticket = await deps.tickets.get(tenantId, ticketId);
    return personalTicketCard(
      ticket,
      deps,
      actor,
      'Only members of the support team can claim tickets.',
    );
  }
};
