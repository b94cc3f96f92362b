import { HelpdeskError } from '../errors.js';

/** Where a queue page ended: the sort key of its last ticket. */
export interface QueuePosition {
  readonly rank?: number;
  readonly number: number;
}

export function encodeCursor(position: QueuePosition): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/** Reads a cursor from a previous page; a tampered or foreign cursor is a bad request. */
export function decodeCursor(cursor: string): QueuePosition {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (isPosition(value)) return value;
  } catch (error) {
    // JSON.parse names the offending character; the caller only needs to know it is unusable.
    throw new HelpdeskError('bad_request', 'The page cursor is not one this help desk issued.', {
      cause: error,
    });
  }
  throw new HelpdeskError('bad_request', 'The page cursor is not one this help desk issued.');
}

function isPosition(value: unknown): value is QueuePosition {
  if (typeof value !== 'object' || value === null) return false;
  const { rank, number } = value as Record<string, unknown>;
  return Number.isInteger(number) && (rank === undefined || Number.isInteger(rank));
}
