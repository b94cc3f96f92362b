import type { ActionHandler, MessageHandler } from './deps.js';
import { assignTicket } from './handlers/assign.js';
import { claimTicket } from './handlers/claim.js';
import { createTicket } from './handlers/create-ticket.js';
import { discardProposal } from './handlers/discard.js';
import { help } from './handlers/help.js';
import { ticketHistory } from './handlers/history.js';
import { MORE_MY_TICKETS, moreMyTickets, myTickets } from './handlers/my-tickets.js';
import { MORE_QUEUE, moreQueue, showQueue } from './handlers/queues.js';
import { notificationsCommand } from './handlers/notifications.js';
import { onCallCommand } from './handlers/oncall.js';
import { unreachableCommand } from './handlers/unreachable.js';
import { refreshTicket } from './handlers/refresh-ticket.js';
import { setFields } from './handlers/set-fields.js';
import { ticketActionHandler } from './handlers/ticket-action.js';

export interface CommandRoute {
  readonly name: string;
  readonly pattern: RegExp;
  readonly handler: MessageHandler;
}

/** Typed commands, tried in order; other personal-chat text is a follow-up or a new report. */
export const COMMANDS: readonly CommandRoute[] = [
  { name: 'help', pattern: /^\s*help\s*[.!?]*\s*$/i, handler: help },
  { name: 'my tickets', pattern: /^\s*my\s+tickets\s*[.!?]*\s*$/i, handler: myTickets },
  { name: 'oncall', pattern: /^\s*oncall\b/i, handler: onCallCommand },
  { name: 'unreachable', pattern: /^\s*unreachable\s*$/i, handler: unreachableCommand },
  {
    name: 'notifications',
    pattern: /^\s*(notifications|(un)?mute\s+\S+)\s*$/i,
    handler: notificationsCommand,
  },
  {
    name: 'queues',
    pattern: /^\s*(unassigned|my\s+queue|queue\s+l[123])(\s+newest)?\s*$/i,
    handler: showQueue,
  },
];

/** Card actions by `Action.Execute` verb. The verbs are a stable contract with sent cards. */
export const ACTIONS: Readonly<Record<string, ActionHandler>> = {
  'ticket.create': createTicket,
  'ticket.discard': discardProposal,
  'ticket.claim': claimTicket,
  'ticket.refresh': refreshTicket,
  'ticket.history': ticketHistory,
  'ticket.assign': assignTicket,
  'ticket.release': ticketActionHandler('release'),
  'ticket.set-priority': ticketActionHandler('set-priority'),
  'ticket.set-category': ticketActionHandler('set-category'),
  'ticket.set-fields': setFields,
  'ticket.escalate': ticketActionHandler('escalate'),
  'ticket.ask': ticketActionHandler('ask'),
  'ticket.resolve': ticketActionHandler('resolve'),
  'ticket.close': ticketActionHandler('close'),
  'ticket.reopen': ticketActionHandler('reopen'),
  'ticket.cancel': ticketActionHandler('cancel'),
  'ticket.add-info': ticketActionHandler('add-info'),
  'ticket.requester-resolve': ticketActionHandler('requester-resolve'),
  'ticket.request-human': ticketActionHandler('request-human'),
  [MORE_MY_TICKETS]: moreMyTickets,
  [MORE_QUEUE]: moreQueue,
};
