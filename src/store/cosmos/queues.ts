import { createHash } from 'node:crypto';
import type { SqlParameter, SqlQuerySpec } from '@azure/cosmos';
import { HelpdeskError } from '../../errors.js';
import { isOpen } from '../../tickets/lifecycle.js';
import type { Ticket } from '../../tickets/types.js';
import type { Page, TicketQuery } from '../contract.js';
import type { QueueLead } from './containers.js';
import type { Requests } from './requests.js';

/**
 * Builds the query for one queue: always inside the tenant's partition, never across. The
 * first equality filter leads the ORDER BY so that one of the composite indexes in
 * containers.ts serves both the filter and the order.
 */
export function queueQuery(query: TicketQuery): SqlQuerySpec {
  const where = ['c.tenantId = @tenantId', "c.type = 'ticket'"];
  const parameters: SqlParameter[] = [{ name: '@tenantId', value: query.tenantId }];
  let lead: QueueLead | undefined;
  const equal = (field: QueueLead, value: string) => {
    lead ??= field;
    where.push(`c.${field} = @${field}`);
    parameters.push({ name: `@${field}`, value });
  };

  if (query.requesterId !== undefined) equal('requesterId', query.requesterId);
  if (query.ownerId !== undefined || query.unassigned) equal('ownerId', query.ownerId ?? '');
  if (query.tier !== undefined) equal('tier', query.tier);
  if (query.states !== undefined && query.states.length > 0) {
    if (query.states.every(isOpen)) where.push('c.isOpen = true');
    const names = query.states.map((state, i) => {
      parameters.push({ name: `@state${i}`, value: state });
      return `@state${i}`;
    });
    where.push(`c.state IN (${names.join(', ')})`);
  }

  const first = lead ? [`c.${lead} ASC`] : [];
  const order =
    query.order === 'urgent'
      ? [...first, 'c.priorityRank ASC', 'c.number ASC']
      : [...first, 'c.number DESC'];
  return {
    query: `SELECT VALUE c.ticket FROM c WHERE ${where.join(' AND ')} ORDER BY ${order.join(', ')}`,
    parameters,
  };
}

/**
 * One page of a queue, continuing with Cosmos DB's own continuation token: it resumes after
 * the last item's sort values, so the cost of a page does not grow with how deep one pages.
 * Our cursor wraps the token with a fingerprint of the query, so a cursor from another queue
 * is refused rather than silently misread.
 */
export async function queuePage(tickets: Requests, query: TicketQuery): Promise<Page<Ticket>> {
  const spec = queueQuery(query);
  const fingerprint = createHash('sha256').update(JSON.stringify(spec)).digest('base64url');
  let token = query.cursor === undefined ? undefined : decode(query.cursor, fingerprint);
  const items: Ticket[] = [];
  // Cosmos may return a short page before the end (it bounds the work per request): fill up.
  do {
    const page = await tickets.page<Ticket>(
      spec,
      query.tenantId,
      query.limit - items.length,
      token,
    );
    items.push(...page.items);
    token = page.continuation;
  } while (token !== undefined && items.length < query.limit);
  return token === undefined ? { items } : { items, cursor: encode(fingerprint, token) };
}

function encode(fingerprint: string, token: string): string {
  return Buffer.from(JSON.stringify({ q: fingerprint.slice(0, 16), t: token })).toString(
    'base64url',
  );
}

function decode(cursor: string, fingerprint: string): string {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch (error) {
    // JSON.parse names the offending character; the caller only needs to know it is unusable.
    throw badCursor({ cause: error });
  }
  const { q, t } = (value ?? {}) as { q?: unknown; t?: unknown };
  if (q !== fingerprint.slice(0, 16) || typeof t !== 'string') throw badCursor();
  return t;
}

function badCursor(options?: { cause?: unknown }): HelpdeskError {
  return new HelpdeskError(
    'bad_request',
    'The page cursor is not one this help desk issued for this queue.',
    options,
  );
}
