import type { ActionHandler, MessageHandler } from './deps.js';
import { claimTicket } from './handlers/claim.js';
import { createTicket } from './handlers/create-ticket.js';
import { discardProposal } from './handlers/discard.js';
import { help } from './handlers/help.js';
import { MORE_MY_TICKETS, moreMyTickets, myTickets } from './handlers/my-tickets.js';
import { refreshTicket } from './handlers/refresh-ticket.js';

export interface CommandRoute {
  readonly name: string;
  readonly pattern: RegExp;
  readonly handler: MessageHandler;
}

/** Typed commands, tried in order; anything else in a personal chat is a problem report. */
export const COMMANDS: readonly CommandRoute[] = [
  { name: 'help', pattern: /^\s*help\s*[.!?]*\s*$/i, handler: help },
  { name: 'my tickets', pattern: /^\s*my\s+tickets\s*[.!?]*\s*$/i, handler: myTickets },
];

/** Card actions by `Action.Execute` verb. The verbs are a stable contract with sent cards. */
export const ACTIONS: Readonly<Record<string, ActionHandler>> = {
  'ticket.create': createTicket,
  'ticket.discard': discardProposal,
  'ticket.claim': claimTicket,
  'ticket.refresh': refreshTicket,
  [MORE_MY_TICKETS]: moreMyTickets,
};
