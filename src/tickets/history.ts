import { describeState } from './lifecycle.js';
import type { TicketEvent, TicketState } from './types.js';

/** One event as a sentence a person reads in the ticket's history. */
export function describeEvent(event: TicketEvent): string {
  const who = event.actor.name;
  switch (event.type) {
    case 'created':
      return `${who} reported the problem.`;
    case 'state':
      return `${who} moved it from ${stateWords(event.from)} to ${stateWords(event.to)}${suffix(event.note)}`;
    case 'owner':
      return event.to ? `${who} gave it to ${event.to}.` : `${who} released it.`;
    case 'priority':
    case 'category':
    case 'tier':
      return `${who} changed the ${event.type} from ${event.from} to ${event.to}.`;
    case 'message':
      return event.to === 'requester'
        ? `${who} wrote to the requester: ${event.note ?? ''}`
        : `${who} wrote: ${event.note ?? ''}`;
    case 'comment':
      return `${who} noted: ${event.note ?? ''}`;
    case 'escalation':
      return `${who} escalated it from ${event.from} to ${event.to}${suffix(event.note)}`;
    case 'sla':
      return `Service level ${event.to ?? ''} reached${suffix(event.note)}`;
    case 'attachment':
      return `${who} attached ${event.to ?? 'a file'}.`;
  }
}

function stateWords(state: string | undefined): string {
  return state ? describeState(state as TicketState) : 'nothing';
}

function suffix(note: string | undefined): string {
  return note ? `: ${note}` : '.';
}
