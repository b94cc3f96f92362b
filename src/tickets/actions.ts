import { HelpdeskError } from '../errors.js';
import {
  activityMessage,
  TRIAGE_CHANNEL,
  type ActivityType,
  type RequesterTopic,
} from '../notify/kinds.js';
import { conversationKey, type ChangeSet, type NewOutboxMessage } from '../store/contract.js';
import { describeState, isOpen, requireNextState, type LifecycleAction } from './lifecycle.js';
import {
  PRIORITIES,
  TIERS,
  type Person,
  type Priority,
  type Ticket,
  type TicketEvent,
} from './types.js';

/** Who may take an action, checked on the server against who the activity says is acting. */
export type Permission =
  /** Any member of the support team. */
  | 'technician'
  /** The ticket's owner, or a tier lead. */
  | 'owner-or-lead'
  /** The employee who reported the ticket. */
  | 'requester';

/** The inputs an action may carry, already read from the card or message. */
export interface ActionInput {
  readonly note?: string;
  readonly priority?: string;
  readonly category?: string;
  readonly assignee?: Person;
  readonly url?: string;
}

export interface ActionContext {
  readonly ticket: Ticket;
  readonly actor: Person;
  readonly input: ActionInput;
  readonly now: Date;
  readonly categories: readonly string[];
  readonly reopenWindowMs: number;
}

export interface ActionSpec {
  readonly permission: Permission;
  /** The new ticket and what the change writes; throws a HelpdeskError to refuse. */
  apply(context: ActionContext): { ticket: Ticket; change: ChangeSet };
}

export type TicketAction =
  | 'release'
  | 'assign'
  | 'set-priority'
  | 'set-category'
  | 'escalate'
  | 'ask'
  | 'reply'
  | 'add-info'
  | 'request-human'
  | 'resolve'
  | 'requester-resolve'
  | 'close'
  | 'reopen'
  | 'cancel';

/** Every ticket action after claiming, with who may take it and what it changes. */
export const ACTIONS: Readonly<Record<TicketAction, ActionSpec>> = {
  release: {
    permission: 'owner-or-lead',
    apply: (c) =>
      change(c, { owner: undefined, state: move(c, 'release') }, [
        event(c, 'owner', { from: c.ticket.owner?.name }),
        stateEvent(c, 'release'),
      ]).notifyChannel(`${c.actor.name} released ${c.ticket.id}; it is back in the queue.`),
  },
  assign: {
    permission: 'technician',
    apply: (c) => {
      const assignee = required(c.input.assignee, 'Choose a technician to assign the ticket to.');
      const state = move(c, 'assign');
      const events = [event(c, 'owner', { from: c.ticket.owner?.name, to: assignee.name })];
      if (state !== c.ticket.state) events.push(stateEvent(c, 'assign'));
      return change(c, { owner: assignee, state }, events)
        .notifyChannel(`${c.actor.name} assigned ${c.ticket.id} to ${assignee.name}.`)
        .tellRequester(
          'Your ticket has a technician',
          `${assignee.name} is working on ${c.ticket.id}.`,
          'claimed',
        )
        .tellTechnician('ticketAssigned', assignee, `${c.ticket.priority} ${c.ticket.title}`);
    },
  },
  'set-priority': {
    permission: 'technician',
    apply: (c) => {
      const priority = oneOf(c.input.priority, PRIORITIES, 'priority') as Priority;
      return change(c, { priority }, [
        event(c, 'priority', { from: c.ticket.priority, to: priority }),
      ]);
    },
  },
  'set-category': {
    permission: 'technician',
    apply: (c) => {
      const category = oneOf(c.input.category, c.categories, 'category');
      return change(c, { category }, [
        event(c, 'category', { from: c.ticket.category, to: category }),
      ]);
    },
  },
  escalate: {
    permission: 'technician',
    apply: (c) => {
      const reason = requiredText(c.input.note, 'Say why the ticket needs the next tier.');
      const next = TIERS[TIERS.indexOf(c.ticket.tier) + 1];
      if (!next)
        throw new HelpdeskError(
          'invalid_transition',
          `${c.ticket.id} is already at the last tier (L3).`,
        );
      if (!isOpen(c.ticket.state)) {
        throw new HelpdeskError(
          'invalid_transition',
          `A ticket that is ${describeState(c.ticket.state)} cannot be escalated.`,
        );
      }
      // Leaving the tier leaves its queue: the next tier's technicians claim it afresh.
      const state = c.ticket.owner ? move(c, 'release') : c.ticket.state;
      const events = [event(c, 'escalation', { from: c.ticket.tier, to: next, note: reason })];
      if (c.ticket.owner)
        events.push(event(c, 'owner', { from: c.ticket.owner.name }), stateEvent(c, 'release'));
      return change(c, { tier: next, owner: undefined, state }, events).notifyChannel(
        `${c.actor.name} escalated ${c.ticket.id} to ${next}: ${reason}`,
      );
    },
  },
  ask: {
    permission: 'technician',
    apply: (c) => {
      const question = requiredText(c.input.note, 'Type the question for the requester.');
      return change(c, { state: move(c, 'ask') }, [
        event(c, 'message', { to: 'requester', note: question }),
        stateEvent(c, 'ask'),
      ])
        .tellRequester(
          `A question about ${c.ticket.id}`,
          `${c.actor.name} asks: ${question}\n\nReply here in this chat.`,
          'question',
        )
        .notifyChannel(`${c.actor.name} asked the requester: ${question}`);
    },
  },
  reply: {
    permission: 'requester',
    apply: (c) => {
      const answer = requiredText(c.input.note, 'Type your answer.');
      const replied = change(c, { state: move(c, 'reply') }, [
        event(c, 'message', { to: 'technician', note: answer }),
        stateEvent(c, 'reply'),
      ]).notifyChannel(`${c.actor.name} replied: ${answer}`);
      const owner = c.ticket.owner;
      return owner ? replied.tellTechnician('requesterReplied', owner, answer) : replied;
    },
  },
  'add-info': {
    permission: 'requester',
    apply: (c) => {
      if (!isOpen(c.ticket.state)) {
        throw new HelpdeskError(
          'invalid_transition',
          `${c.ticket.id} is ${describeState(c.ticket.state)}; reopen it first.`,
        );
      }
      const events: TicketEvent[] = [];
      if (c.input.note) events.push(event(c, 'message', { to: 'technician', note: c.input.note }));
      if (c.input.url) events.push(event(c, 'attachment', { to: c.input.url }));
      if (events.length === 0)
        throw new HelpdeskError('bad_request', 'Add some text or a screenshot.');
      const what = c.input.url ? 'added a screenshot' : `added: ${c.input.note}`;
      return change(c, {}, events).notifyChannel(`${c.actor.name} ${what}`);
    },
  },
  'request-human': {
    permission: 'requester',
    apply: (c) =>
      change(c, {}, [
        event(c, 'message', { to: 'technician', note: 'Asked to talk to a person.' }),
      ]).notifyChannel(
        `${c.actor.name} asked to talk to a person about ${c.ticket.id}. Please reach out in chat.`,
      ),
  },
  resolve: {
    permission: 'owner-or-lead',
    apply: (c) => {
      const resolution = requiredText(
        c.input.note,
        'A resolution note is required to resolve a ticket.',
      );
      return change(c, { state: move(c, 'resolve'), resolution }, [
        event(c, 'message', { to: 'requester', note: resolution }),
        stateEvent(c, 'resolve', resolution),
      ])
        .tellRequester(
          `${c.ticket.id} is resolved`,
          `${c.actor.name}: ${resolution}\n\nNot fixed? Type "reopen ${c.ticket.id}".`,
          'resolved',
        )
        .notifyChannel(`${c.actor.name} resolved ${c.ticket.id}: ${resolution}`);
    },
  },
  'requester-resolve': {
    permission: 'requester',
    apply: (c) => {
      if (!isOpen(c.ticket.state)) {
        throw new HelpdeskError(
          'invalid_transition',
          `${c.ticket.id} is already ${describeState(c.ticket.state)}.`,
        );
      }
      const note = 'The requester says it works now.';
      const state = c.ticket.owner ? move(c, 'resolve') : 'resolved';
      return change(c, { state, resolution: note }, [
        { ...event(c, 'state', { from: c.ticket.state, to: 'resolved' }), note },
      ]).notifyChannel(`${c.actor.name} says ${c.ticket.id} works now; resolved.`);
    },
  },
  close: {
    permission: 'owner-or-lead',
    apply: (c) =>
      change(c, { state: move(c, 'close') }, [stateEvent(c, 'close')]).tellRequester(
        `${c.ticket.id} is closed`,
        `${c.ticket.title}: closed by ${c.actor.name}. Describe a new problem here any time.`,
        'closed',
      ),
  },
  reopen: {
    permission: 'requester',
    apply: (c) => {
      const resolvedAt = Date.parse(c.ticket.updatedAt);
      if (c.ticket.state === 'resolved' && c.now.getTime() - resolvedAt > c.reopenWindowMs) {
        throw new HelpdeskError(
          'invalid_transition',
          `${c.ticket.id} was resolved too long ago to reopen; describe the problem again for a new ticket.`,
        );
      }
      const why = c.input.note?.trim() || 'The requester says it is not fixed.';
      return change(c, { state: move(c, 'reopen') }, [stateEvent(c, 'reopen', why)]).notifyChannel(
        `${c.actor.name} reopened ${c.ticket.id}: ${why}`,
      );
    },
  },
  cancel: {
    permission: 'requester',
    apply: (c) =>
      change(c, { state: move(c, 'cancel') }, [
        stateEvent(c, 'cancel', c.input.note),
      ]).notifyChannel(`${c.ticket.id} was cancelled by ${c.actor.name}.`),
  },
};

/** A change under construction: the new ticket, its events and its notifications. */
class Change {
  private readonly outbox: NewOutboxMessage[] = [];

  constructor(
    private readonly context: ActionContext,
    readonly ticket: Ticket,
    private readonly events: readonly TicketEvent[],
  ) {
    this.outbox.push(this.message('channel.ticket-updated', TRIAGE_CHANNEL, {}));
  }

  get change(): ChangeSet {
    return { events: this.events, outbox: this.outbox };
  }

  /** A line in the ticket's channel thread. */
  notifyChannel(text: string): this {
    this.outbox.push(this.message('channel.thread', TRIAGE_CHANNEL, { text }));
    return this;
  }

  /** A proactive message in the requester's personal chat; `topic` is what they may mute. */
  tellRequester(heading: string, text: string, topic: RequesterTopic): this {
    const target = conversationKey('user', this.ticket.requester.id);
    this.outbox.push(this.message('requester.notice', target, { heading, text, topic }));
    return this;
  }

  /** An activity feed notification for a technician (a bot message where Graph is not set up). */
  tellTechnician(type: ActivityType, to: Person, previewText: string): this {
    const { ticket } = this.context;
    this.outbox.push(
      activityMessage(ticket.tenantId, `v${ticket.version}`, {
        ticketId: ticket.id,
        activityType: type,
        recipient: to,
        previewText: previewText.slice(0, 150),
      }),
    );
    return this;
  }

  private message(
    kind: string,
    target: string,
    payload: Record<string, unknown>,
  ): NewOutboxMessage {
    const { ticket, now } = this.context;
    // One id per ticket version and kind: a retried write cannot queue a second copy.
    const id = `${ticket.tenantId}/${ticket.id}/v${this.context.ticket.version}/${kind}/${target}`;
    return {
      id,
      kind,
      target,
      payload: { ticketId: ticket.id, at: now.toISOString(), ...payload },
    };
  }
}

function change(context: ActionContext, patch: Partial<Ticket>, events: TicketEvent[]): Change {
  const ticket: Ticket = { ...context.ticket, ...patch, updatedAt: context.now.toISOString() };
  return new Change(context, ticket, events);
}

function move(context: ActionContext, action: LifecycleAction): Ticket['state'] {
  return requireNextState(context.ticket.state, action);
}

function event(
  context: ActionContext,
  type: TicketEvent['type'],
  fields: { from?: string; to?: string; note?: string } = {},
): TicketEvent {
  return {
    ticketId: context.ticket.id,
    at: context.now.toISOString(),
    actor: context.actor,
    type,
    ...fields,
  };
}

function stateEvent(context: ActionContext, action: LifecycleAction, note?: string): TicketEvent {
  return event(context, 'state', { from: context.ticket.state, to: move(context, action), note });
}

function required<T>(value: T | undefined, message: string): T {
  if (value === undefined) throw new HelpdeskError('bad_request', message);
  return value;
}

function requiredText(value: string | undefined, message: string): string {
  const text = value?.trim();
  if (!text) throw new HelpdeskError('bad_request', message);
  if (text.length > 4000) throw new HelpdeskError('bad_request', 'Keep it under 4000 characters.');
  return text;
}

function oneOf(value: string | undefined, allowed: readonly string[], name: string): string {
  if (value !== undefined && allowed.includes(value)) return value;
  throw new HelpdeskError(
    'bad_request',
    `'${String(value)}' is not a ${name} this help desk knows.`,
  );
}
