import { HelpdeskError } from '../../src/errors.js';

/** The `ticketId` every ticket action carries; anything else is a malformed card. */
export function requireTicketId(data: Readonly<Record<string, unknown>>): string {
  const id = data.ticketId;
  if (typeof id === 'string' && /^[A-Z][A-Z0-9]{0,9}-\d{1,9}$/.test(id)) return id;
  throw new HelpdeskError('bad_request', 'The card did not name a valid ticket.');
}
