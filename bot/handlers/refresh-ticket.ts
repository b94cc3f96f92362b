import { actorOf, tenantOf } from '../context.js';
import type { ActionHandler } from '../deps.js';
import { personalTicketCard } from '../views.js';
import { requireTicketId } from './data.js';

/** `ticket.refresh`: Teams asks for one viewer's view of a channel card. */
export const refreshTicket: ActionHandler = async (context, deps, data) => {
  const ticket = await deps.tickets.get(tenantOf(context), requireTicketId(data));
  return personalTicketCard(ticket, deps, actorOf(context));
};
