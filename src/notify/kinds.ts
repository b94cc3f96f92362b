/** Where a notification goes when it is not a stored conversation key. */
export const TRIAGE_CHANNEL = 'triage-channel';

/** The notifications the ticket service writes to the outbox. */
export type NotificationKind =
  /** A new ticket's card is posted in the triage channel. */
  | 'channel.ticket-posted'
  /** A ticket's channel card is redrawn after a change. */
  | 'channel.ticket-updated'
  /** The requester hears that a named technician has the ticket. */
  | 'requester.claimed';
