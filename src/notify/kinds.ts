import { conversationKey, type NewOutboxMessage } from '../store/contract.js';
import type { Person } from '../tickets/types.js';

/** Where a notification goes when it is not a stored conversation key. */
export const TRIAGE_CHANNEL = 'triage-channel';

/** The notifications the outbox knows how to deliver. */
export type NotificationKind =
  /** A new ticket's card is posted in the triage channel. */
  | 'channel.ticket-posted'
  /** A ticket's channel card is redrawn after a change. */
  | 'channel.ticket-updated'
  /** A plain line in the ticket card's reply thread. */
  | 'channel.thread'
  /** A line in the ticket card's thread that @mentions people or tags ({@link MentionPayload}). */
  | 'channel.mention'
  /** The requester hears that a named technician has the ticket. */
  | 'requester.claimed'
  /** A proactive message in the requester's personal chat ({@link RequesterNoticePayload}). */
  | 'requester.notice'
  /** An activity feed notification through Microsoft Graph ({@link ActivityPayload}). */
  | 'graph.activity';

/** The activity types declared in manifest/manifest.json, with their template parameters. */
export const ACTIVITY_TYPES = {
  ticketAssigned: ['ticketId'],
  ticketEscalated: ['ticketId', 'escalationLevel'],
  requesterReplied: ['ticketId'],
  slaWarning: ['ticketId', 'minutesLeft'],
  onCallPage: ['ticketId'],
} as const;
export type ActivityType = keyof typeof ACTIVITY_TYPES;

/** What a requester notice is about; each can be muted separately unless an admin requires it. */
export const REQUESTER_TOPICS = [
  'received',
  'claimed',
  'question',
  'resolved',
  'closed',
  'update',
] as const;
export type RequesterTopic = (typeof REQUESTER_TOPICS)[number];

/**
 * The names a person mutes or an admin requires: an activity type for technicians, or
 * `requester.<topic>` for requesters.
 */
export type PreferenceKind = ActivityType | `requester.${RequesterTopic}`;

export const PREFERENCE_KINDS: readonly PreferenceKind[] = [
  ...(Object.keys(ACTIVITY_TYPES) as ActivityType[]),
  ...REQUESTER_TOPICS.map((t) => `requester.${t}` as const),
];

/** Payload of `graph.activity`; the outbox target is the recipient's Entra object id. */
export interface ActivityPayload {
  readonly ticketId: string;
  readonly activityType: ActivityType;
  /** Also carries the Teams user id, for the bot-message fallback when Graph is not there. */
  readonly recipient: Person;
  /** What the notification says under its template line (Teams shows 150 characters). */
  readonly previewText: string;
  /** Values for the template's parameters other than `ticketId`, e.g. `{ minutesLeft: '15' }`. */
  readonly parameters?: Readonly<Record<string, string>>;
}

/** One person or tag to @mention in the channel. */
export interface Mention {
  /** Teams user id (`29:...`) or Entra object id for people; the tag id for tags. */
  readonly id: string;
  readonly name: string;
  readonly type?: 'person' | 'tag';
  /** A person's Entra object id: they get an activity instead if the channel is unusable. */
  readonly aadObjectId?: string;
}

/** Payload of `channel.mention`: `text` follows the mentions in one thread reply. */
export interface MentionPayload {
  readonly ticketId: string;
  readonly text: string;
  readonly mentions: readonly Mention[];
}

/** Payload of `requester.notice`. Without a topic the notice cannot be muted. */
export interface RequesterNoticePayload {
  readonly ticketId: string;
  readonly heading: string;
  readonly text: string;
  readonly topic?: RequesterTopic;
}

/**
 * Builds an activity feed notification for the outbox. `event` names the causing event (e.g.
 * `v7` or `sla-warning@2024-05-01T10:00Z`): with the recipient it makes the idempotency key.
 */
export function activityMessage(
  tenantId: string,
  event: string,
  payload: ActivityPayload,
): NewOutboxMessage {
  const missing = ACTIVITY_TYPES[payload.activityType].filter(
    (name) => name !== 'ticketId' && payload.parameters?.[name] === undefined,
  );
  if (missing.length > 0) {
    throw new Error(`The ${payload.activityType} activity needs ${missing.join(', ')}.`);
  }
  const target = payload.recipient.aadObjectId ?? payload.recipient.id;
  return {
    id: `${tenantId}/${payload.ticketId}/${event}/graph.activity/${payload.activityType}/${target}`,
    kind: 'graph.activity',
    target,
    payload: { ...payload },
  };
}

/** Builds a channel @mention for the outbox; one per event whatever the mentions. */
export function mentionMessage(
  tenantId: string,
  event: string,
  payload: MentionPayload,
): NewOutboxMessage {
  return {
    id: `${tenantId}/${payload.ticketId}/${event}/channel.mention/${TRIAGE_CHANNEL}`,
    kind: 'channel.mention',
    target: TRIAGE_CHANNEL,
    payload: { ...payload },
  };
}

/** Builds a requester notice for the outbox, e.g. the regular update on a long-running ticket. */
export function requesterNoticeMessage(
  tenantId: string,
  event: string,
  requesterId: string,
  payload: RequesterNoticePayload,
): NewOutboxMessage {
  const target = conversationKey('user', requesterId);
  return {
    id: `${tenantId}/${payload.ticketId}/${event}/requester.notice/${target}`,
    kind: 'requester.notice',
    target,
    payload: { ...payload },
  };
}

/** The line an activity says, for the bot message sent instead when Graph is not configured. */
export function activityHeadline(
  type: ActivityType,
  ticketId: string,
  parameters: Readonly<Record<string, string>> = {},
): string {
  switch (type) {
    case 'ticketAssigned':
      return `${ticketId} was assigned to you`;
    case 'ticketEscalated':
      return `${ticketId} was escalated to ${parameters.escalationLevel}`;
    case 'requesterReplied':
      return `The requester replied on ${ticketId}`;
    case 'slaWarning':
      return `${ticketId} breaches its SLA in ${parameters.minutesLeft} minutes`;
    case 'onCallPage':
      return `You are paged about ${ticketId}`;
  }
}
