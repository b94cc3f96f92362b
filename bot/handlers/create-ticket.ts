import { HelpdeskError } from '../../src/errors.js';
import { PRIORITIES, type Priority } from '../../src/tickets/types.js';
import { actorOf, tenantOf } from '../context.js';
import type { ActionHandler } from '../deps.js';
import { requesterTicketCard } from '../views.js';

/** `ticket.create`: the employee confirmed the proposal, perhaps with corrections. */
export const createTicket: ActionHandler = async (context, deps, data) => {
  const requester = actorOf(context);
  const intakeKey = requireString(data.intakeKey, 'intakeKey');
  const priority = optionalChoice(data.priority, PRIORITIES, 'priority') as Priority | undefined;
  const category = optionalChoice(data.category, deps.categories, 'category');

  const { ticket, created } = await deps.tickets.create({
    tenantId: tenantOf(context),
    requester,
    text: requireString(data.text, 'text'),
    // Scoped to the requester, so card data from one person can never collide with another's.
    intakeKey: `${requester.id}/${intakeKey}`,
    priority,
    category,
  });
  if (created) deps.notifyOutbox();
  const heading = created ? 'Ticket created' : 'This ticket was already created';
  return requesterTicketCard(ticket, deps, heading);
};

function requireString(value: unknown, name: string): string {
  if (typeof value === 'string' && value.trim().length > 0) return value;
  throw new HelpdeskError(
    'bad_request',
    `The card did not send '${name}'; ask again from the start.`,
  );
}

function optionalChoice(
  value: unknown,
  allowed: readonly string[],
  name: string,
): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'string' && allowed.includes(value)) return value;
  throw new HelpdeskError(
    'bad_request',
    `'${String(value)}' is not a ${name} this help desk knows.`,
  );
}
