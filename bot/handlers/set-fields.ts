import { actorOf, tenantOf } from '../context.js';
import type { ActionHandler } from '../deps.js';
import { ticketActionHandler } from './ticket-action.js';
import { requireTicketId } from './data.js';
import { personalTicketCard } from '../views.js';

const setPriority = ticketActionHandler('set-priority');
const setCategory = ticketActionHandler('set-category');

/**
 * `ticket.set-fields`: the card's one "Save" for priority and category. Each field that differs
 * is its own change and event; the second runs on the version the first wrote.
 */
export const setFields: ActionHandler = async (context, deps, data) => {
  const ticket = await deps.tickets.get(tenantOf(context), requireTicketId(data));
  const priorityChanged = typeof data.priority === 'string' && data.priority !== ticket.priority;
  const categoryChanged = typeof data.category === 'string' && data.category !== ticket.category;
  if (!priorityChanged && !categoryChanged) {
    return personalTicketCard(ticket, deps, actorOf(context), 'Nothing to change.');
  }
  if (!priorityChanged) return setCategory(context, deps, data);
  const card = await setPriority(context, deps, data);
  if (!categoryChanged) return card;
  // The priority change bumped the version the card was drawn from; it is ours, not a race.
  return setCategory(context, deps, { ...data, version: undefined });
};
