import { activityMessage, mentionMessage, requesterNoticeMessage } from '../notify/kinds.js';
import type { NewOutboxMessage } from '../store/contract.js';
import {
  SYSTEM,
  revisionOf,
  type Person,
  type Ticket,
  type TicketEvent,
  type Tier,
} from '../tickets/types.js';
import { firingEvent, nextTier, type Firing } from './escalation.js';
import { UPDATE_KEY } from './tracker.js';

/** Who the SLA actions reach at a given moment. */
export interface Responders {
  readonly onCall: (tier: Tier) => Person | undefined;
  readonly tierLeads: readonly Person[];
  /** The Teams tag that reaches a whole tier, where one is configured. */
  readonly tierTag?: (tier: Tier) => string | undefined;
}

export interface EscalationChange {
  readonly ticket: Ticket;
  readonly events: readonly TicketEvent[];
  readonly outbox: readonly NewOutboxMessage[];
}

/**
 * Turns the firings due on a ticket into one change: an `sla` event per firing (so none fires
 * twice), the tier raised on a breach, and the notifications each level's action asks for.
 * Superseded firings are recorded but not acted on.
 */
export function respondToFirings(
  ticket: Ticket,
  firings: readonly Firing[],
  now: Date,
  who: Responders,
): EscalationChange {
  let next = ticket;
  const events: TicketEvent[] = firings.map((f) => firingEvent(ticket.id, f, now));
  const outbox: NewOutboxMessage[] = [];
  for (const firing of firings.filter((f) => !f.superseded)) {
    const event = `sla/${firing.key}`;
    const minutesLeft = String(minutesLeftOf(ticket, firing, now));
    switch (firing.action) {
      case 'notify-owner':
        if (next.owner) outbox.push(warning(next, event, next.owner, minutesLeft));
        break;
      case 'notify-tier-lead':
        for (const lead of who.tierLeads) outbox.push(warning(next, event, lead, minutesLeft));
        break;
      case 'escalate-and-page': {
        const tier = nextTier(next.tier);
        if (tier) {
          events.push(escalationEvent(next, tier, firing, now));
          // The tier is on every card: a card drawn before this is stale.
          next = { ...next, tier, revision: revisionOf(next) + 1 };
        }
        outbox.push(...page(next, event, who, `${firing.clock} target breached`));
        break;
      }
      case 'page-on-call':
        outbox.push(...page(next, event, who, `unclaimed ${next.priority}`));
        break;
    }
  }
  return { ticket: { ...next, updatedAt: now.toISOString() }, events, outbox };
}

/** Tells a requester who has heard nothing for a while where their ticket stands. */
export function withRegularUpdate(change: EscalationChange, now: Date): EscalationChange {
  const { ticket } = change;
  const key = `${UPDATE_KEY}${now.toISOString()}`;
  const who = ticket.owner
    ? `${ticket.owner.name} is working on it`
    : 'it is waiting for a technician';
  const notice = requesterNoticeMessage(ticket.tenantId, `sla/${key}`, ticket.requester.id, {
    ticketId: ticket.id,
    heading: `${ticket.id} is still open`,
    text: `${ticket.title}: ${who}. We will keep you posted.`,
    topic: 'update',
  });
  const event: TicketEvent = {
    ticketId: ticket.id,
    at: now.toISOString(),
    actor: SYSTEM,
    type: 'sla',
    to: key,
    note: 'regular update sent to the requester',
  };
  return { ...change, events: [...change.events, event], outbox: [...change.outbox, notice] };
}

function warning(ticket: Ticket, event: string, to: Person, minutesLeft: string): NewOutboxMessage {
  return activityMessage(ticket.tenantId, event, {
    ticketId: ticket.id,
    activityType: 'slaWarning',
    recipient: to,
    previewText: `${ticket.priority} ${ticket.title}`.slice(0, 150),
    parameters: { minutesLeft },
  });
}

/**
 * The tier's on-call technician is @mentioned in the thread and paged in the activity feed; the
 * tier's tag, where configured, is @mentioned too so the whole tier sees it.
 */
function page(ticket: Ticket, event: string, who: Responders, why: string): NewOutboxMessage[] {
  const onCall = who.onCall(ticket.tier);
  const tag = who.tierTag?.(ticket.tier);
  const text = onCall
    ? `${ticket.id} (${ticket.priority}, ${ticket.tier}) needs you: ${why}.`
    : `${ticket.id} (${ticket.priority}, ${ticket.tier}): ${why}, and nobody is on call for ${ticket.tier}.`;
  const mention = mentionMessage(ticket.tenantId, event, {
    ticketId: ticket.id,
    text,
    mentions: [
      ...(onCall ? [{ id: onCall.id, name: onCall.name, aadObjectId: onCall.aadObjectId }] : []),
      ...(tag ? [{ id: tag, name: `${ticket.tier} team`, type: 'tag' as const }] : []),
    ],
  });
  if (!onCall) return [mention];
  const activity = activityMessage(ticket.tenantId, event, {
    ticketId: ticket.id,
    activityType: 'onCallPage',
    recipient: onCall,
    previewText: text.slice(0, 150),
  });
  return [mention, activity];
}

function escalationEvent(ticket: Ticket, tier: Tier, firing: Firing, now: Date): TicketEvent {
  return {
    ticketId: ticket.id,
    at: now.toISOString(),
    actor: SYSTEM,
    type: 'escalation',
    from: ticket.tier,
    to: tier,
    note: `${firing.clock} target breached`,
  };
}

function minutesLeftOf(ticket: Ticket, firing: Firing, now: Date): number {
  const clock = firing.clock === 'unclaimed' ? undefined : ticket.sla?.[firing.clock];
  const due = clock?.dueAt ? Date.parse(clock.dueAt) : now.getTime();
  return Math.max(0, Math.round((due - now.getTime()) / 60_000));
}
