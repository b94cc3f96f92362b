import { isOpen } from '../../tickets/lifecycle.js';
import type { TicketQuery } from '../contract.js';
import { decodeCursor } from '../cursor.js';

export interface SqlQuery {
  readonly sql: string;
  readonly params: readonly (string | number)[];
}

/**
 * Builds the SQL for one queue page. It asks for `limit + 1` rows so the caller knows whether
 * another page follows, and continues after the cursor by keyset, never by OFFSET, so the cost
 * of a page does not grow with how deep the reader has paged.
 */
export function queueSql(query: TicketQuery): SqlQuery {
  const where = ['tenant_id = ?'];
  const params: (string | number)[] = [query.tenantId];

  if (query.requesterId !== undefined) {
    where.push('requester_id = ?');
    params.push(query.requesterId);
  }
  if (query.ownerId !== undefined || query.unassigned) {
    where.push('owner_id = ?');
    params.push(query.ownerId ?? '');
  }
  if (query.tier !== undefined) {
    where.push('tier = ?');
    params.push(query.tier);
  }
  if (query.states !== undefined && query.states.length > 0) {
    // Naming is_open lets the queue indexes skip every closed ticket.
    if (query.states.every(isOpen)) where.push('is_open = 1');
    where.push(`state IN (${query.states.map(() => '?').join(', ')})`);
    params.push(...query.states);
  }

  const urgent = query.order === 'urgent';
  if (query.cursor !== undefined) {
    const after = decodeCursor(query.cursor);
    if (urgent) {
      where.push('(priority_rank > ? OR (priority_rank = ? AND number > ?))');
      params.push(after.rank ?? 0, after.rank ?? 0, after.number);
    } else {
      where.push('number < ?');
      params.push(after.number);
    }
  }

  const order = urgent ? 'priority_rank ASC, number ASC' : 'number DESC';
  const sql = `SELECT doc, version FROM tickets WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ?`;
  return { sql, params: [...params, query.limit + 1] };
}
