import { TeamsInfo } from 'botbuilder';
import { HelpdeskError } from '../../src/errors.js';
import type { Person } from '../../src/tickets/types.js';
import { statusOf } from '../access.js';
import { tenantOf } from '../context.js';
import type { ActionHandler } from '../deps.js';
import { ticketActionHandler } from './ticket-action.js';

/**
 * `ticket.assign`: the people picker sends the assignee's Entra object id. The roster turns it
 * into a Teams user, who must be a technician; the card's word for who they are is not trusted.
 */
export const assignTicket: ActionHandler = async (context, deps, data) => {
  const picked = typeof data.assignee === 'string' ? data.assignee.trim() : '';
  if (!picked)
    throw new HelpdeskError('bad_request', 'Choose a technician to assign the ticket to.');
  let assignee: Person;
  try {
    const member = await TeamsInfo.getMember(context, picked);
    assignee = { id: member.id, name: member.name ?? picked, aadObjectId: member.aadObjectId };
  } catch (error) {
    // 404: the person picked is not in this team, so cannot be a technician here.
    if (statusOf(error) !== 404) throw error;
    throw new HelpdeskError('bad_request', 'That person is not a member of the support team.');
  }
  if (!(await deps.tickets.isTechnician(tenantOf(context), assignee))) {
    throw new HelpdeskError('bad_request', `${assignee.name} is not a technician.`);
  }
  return ticketActionHandler('assign', () => ({ assignee }))(context, deps, data);
};
