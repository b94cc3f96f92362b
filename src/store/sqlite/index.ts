import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ConflictError, HelpdeskError } from '../../errors.js';
import { isOpen } from '../../tickets/lifecycle.js';
import type { Ticket, TicketEvent } from '../../tickets/types.js';
import {
  PRIORITY_RANK,
  type ChangeSet,
  type CreateResult,
  type KvItem,
  type KvNamespace,
  type NewTicket,
  type OutboxMessage,
  type Page,
  type Store,
  type TicketQuery,
} from '../contract.js';
import { encodeCursor } from '../cursor.js';
import { queueSql } from './queries.js';
import { LATE_INDEXES, MIGRATIONS, SCHEMA } from './schema.js';

export interface SqliteStoreOptions {
  /** The database file; created with its schema when absent. `:memory:` for throwaway use. */
  readonly file: string;
  /** Ticket ids are `${prefix}-${number}`. */
  readonly ticketPrefix: string;
  /** The number before a tenant's first ticket. */
  readonly firstNumber?: number;
}

interface TicketRow {
  readonly doc: string;
  readonly version: number;
}

interface OutboxRow {
  readonly id: string;
  readonly tenant_id: string;
  readonly kind: string;
  readonly ticket_id: string | null;
  readonly target: string;
  readonly payload: string;
  readonly attempts: number;
  readonly due_at: string;
  readonly state: OutboxMessage['state'];
  readonly last_error: string | null;
}

/**
 * The embedded store: one SQLite file in WAL mode. Several processes may share the file; every
 * multi-row change is one transaction and every race is settled by a version or key check.
 */
export class SqliteStore implements Store {
  readonly kind = 'sqlite';
  private readonly db: Database.Database;

  constructor(private readonly options: SqliteStoreOptions) {
    if (options.file !== ':memory:') fs.mkdirSync(path.dirname(options.file), { recursive: true });
    this.db = new Database(options.file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    // A second process holding the write lock makes us wait, not fail.
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    this.migrate();
  }

  private migrate(): void {
    for (const { table, column, sql } of MIGRATIONS) {
      const columns = this.db.pragma(`table_info(${table})`) as { name: string }[];
      if (!columns.some((c) => c.name === column)) this.db.exec(sql);
    }
    this.db.exec(LATE_INDEXES);
  }

  async createTicket(
    input: NewTicket,
    compose: (ticket: Ticket) => ChangeSet,
  ): Promise<CreateResult> {
    const create = this.db.transaction((): CreateResult => {
      const existing = this.db
        .prepare('SELECT doc, version FROM tickets WHERE tenant_id = ? AND intake_key = ?')
        .get(input.tenantId, input.intakeKey) as TicketRow | undefined;
      if (existing) return { ticket: toTicket(existing), created: false };

      const number = this.nextNumber(input.tenantId);
      const ticket: Ticket = {
        ...input,
        id: `${this.options.ticketPrefix}-${number}`,
        number,
        version: 1,
      };
      this.db
        .prepare(
          `INSERT INTO tickets (tenant_id, id, number, intake_key, state, is_open, priority_rank,
             tier, owner_id, next_due_at, requester_id, version, doc)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          ticket.tenantId,
          ticket.id,
          number,
          ticket.intakeKey,
          ...indexedColumns(ticket),
          ticket.requester.id,
          ticket.version,
          JSON.stringify(ticket),
        );
      this.appendChange(ticket, compose(ticket));
      return { ticket, created: true };
    });
    return create.immediate();
  }

  async getTicket(tenantId: string, ticketId: string): Promise<Ticket | undefined> {
    const row = this.db
      .prepare('SELECT doc, version FROM tickets WHERE tenant_id = ? AND id = ?')
      .get(tenantId, ticketId) as TicketRow | undefined;
    return row && toTicket(row);
  }

  async updateTicket(next: Ticket, change: ChangeSet): Promise<Ticket> {
    const update = this.db.transaction((): Ticket => {
      const saved: Ticket = { ...next, version: next.version + 1 };
      const result = this.db
        .prepare(
          `UPDATE tickets SET state = ?, is_open = ?, priority_rank = ?, tier = ?, owner_id = ?,
             next_due_at = ?, version = ?, doc = ?
           WHERE tenant_id = ? AND id = ? AND version = ?`,
        )
        .run(
          ...indexedColumns(saved),
          saved.version,
          JSON.stringify(saved),
          next.tenantId,
          next.id,
          next.version,
        );
      if (result.changes === 0) throw this.missingOrStale(next);
      this.appendChange(saved, change);
      return saved;
    });
    return update.immediate();
  }

  async listEvents(tenantId: string, ticketId: string): Promise<readonly TicketEvent[]> {
    const rows = this.db
      .prepare('SELECT doc FROM ticket_events WHERE tenant_id = ? AND ticket_id = ? ORDER BY seq')
      .all(tenantId, ticketId) as { doc: string }[];
    return rows.map((row) => JSON.parse(row.doc) as TicketEvent);
  }

  async listTickets(query: TicketQuery): Promise<Page<Ticket>> {
    const { sql, params } = queueSql(query);
    const rows = this.db.prepare(sql).all(...params) as TicketRow[];
    const items = rows.slice(0, query.limit).map(toTicket);
    if (rows.length <= query.limit) return { items };
    const last = items[items.length - 1];
    const rank = query.order === 'urgent' ? PRIORITY_RANK[last.priority] : undefined;
    return { items, cursor: encodeCursor({ rank, number: last.number }) };
  }

  async listDueTickets(before: Date, limit: number): Promise<readonly Ticket[]> {
    const rows = this.db
      .prepare(
        `SELECT doc, version FROM tickets
         WHERE next_due_at IS NOT NULL AND next_due_at <= ? ORDER BY next_due_at LIMIT ?`,
      )
      .all(before.toISOString(), limit) as TicketRow[];
    return rows.map(toTicket);
  }

  async getItem<T>(ns: KvNamespace, key: string): Promise<KvItem<T> | undefined> {
    const row = this.db
      .prepare('SELECT value, etag FROM kv WHERE ns = ? AND key = ?')
      .get(ns, key) as { value: string; etag: number } | undefined;
    return row && { value: JSON.parse(row.value) as T, etag: String(row.etag) };
  }

  async putItem<T>(ns: KvNamespace, key: string, value: T, etag?: string): Promise<KvItem<T>> {
    const json = JSON.stringify(value);
    if (etag === undefined) {
      const row = this.db
        .prepare(
          `INSERT INTO kv (ns, key, value, etag) VALUES (?, ?, ?, 1)
           ON CONFLICT (ns, key) DO UPDATE SET value = excluded.value, etag = kv.etag + 1
           RETURNING etag`,
        )
        .get(ns, key, json) as { etag: number };
      return { value, etag: String(row.etag) };
    }
    const result = this.db
      .prepare('UPDATE kv SET value = ?, etag = etag + 1 WHERE ns = ? AND key = ? AND etag = ?')
      .run(json, ns, key, Number(etag));
    if (result.changes === 0) throw new ConflictError(`The ${ns} item '${key}'`);
    return { value, etag: String(Number(etag) + 1) };
  }

  async putItemIfAbsent<T>(ns: KvNamespace, key: string, value: T): Promise<boolean> {
    const result = this.db
      .prepare('INSERT INTO kv (ns, key, value, etag) VALUES (?, ?, ?, 1) ON CONFLICT DO NOTHING')
      .run(ns, key, JSON.stringify(value));
    return result.changes === 1;
  }

  async deleteItem(ns: KvNamespace, key: string): Promise<void> {
    this.db.prepare('DELETE FROM kv WHERE ns = ? AND key = ?').run(ns, key);
  }

  async leaseOutbox(now: Date, limit: number, leaseMs: number): Promise<readonly OutboxMessage[]> {
    const rows = this.db
      .prepare(
        `UPDATE outbox SET due_at = ?, attempts = attempts + 1
         WHERE id IN (SELECT id FROM outbox WHERE state = 'pending' AND due_at <= ?
                      ORDER BY due_at LIMIT ?)
         RETURNING *`,
      )
      .all(
        new Date(now.getTime() + leaseMs).toISOString(),
        now.toISOString(),
        limit,
      ) as OutboxRow[];
    return rows.map(toOutboxMessage).sort((a, b) => a.id.localeCompare(b.id));
  }

  async settleOutbox(id: string, outcome: Parameters<Store['settleOutbox']>[1]): Promise<void> {
    const dueAt = outcome.state === 'pending' ? outcome.dueAt.toISOString() : null;
    const error = outcome.state === 'delivered' ? null : outcome.error;
    this.db
      .prepare(
        `UPDATE outbox SET state = ?, due_at = COALESCE(?, due_at), last_error = ? WHERE id = ?`,
      )
      .run(outcome.state, dueAt, error, id);
  }

  async getOutboxMessage(id: string): Promise<OutboxMessage | undefined> {
    const row = this.db.prepare('SELECT * FROM outbox WHERE id = ?').get(id) as
      OutboxRow | undefined;
    return row && toOutboxMessage(row);
  }

  async close(): Promise<void> {
    this.db.close();
  }

  private nextNumber(tenantId: string): number {
    const row = this.db
      .prepare(
        `INSERT INTO counters (tenant_id, value) VALUES (?, ?)
         ON CONFLICT (tenant_id) DO UPDATE SET value = value + 1 RETURNING value`,
      )
      .get(tenantId, (this.options.firstNumber ?? 1000) + 1) as { value: number };
    return row.value;
  }

  private appendChange(ticket: Ticket, change: ChangeSet): void {
    const event = this.db.prepare(
      'INSERT INTO ticket_events (tenant_id, ticket_id, doc) VALUES (?, ?, ?)',
    );
    for (const e of change.events) event.run(ticket.tenantId, ticket.id, JSON.stringify(e));

    // An id seen before is the same notification for the same event: keep the first.
    const message = this.db.prepare(
      `INSERT INTO outbox (id, tenant_id, kind, ticket_id, target, payload, due_at, state)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'pending') ON CONFLICT (id) DO NOTHING`,
    );
    const now = new Date(ticket.updatedAt).toISOString();
    for (const m of change.outbox) {
      message.run(
        m.id,
        ticket.tenantId,
        m.kind,
        ticket.id,
        m.target,
        JSON.stringify(m.payload),
        now,
      );
    }
  }

  private missingOrStale(ticket: Ticket): HelpdeskError {
    const exists = this.db
      .prepare('SELECT 1 FROM tickets WHERE tenant_id = ? AND id = ?')
      .get(ticket.tenantId, ticket.id);
    return exists
      ? new ConflictError(`Ticket ${ticket.id}`)
      : new HelpdeskError('not_found', `Ticket ${ticket.id} does not exist.`);
  }
}

function indexedColumns(ticket: Ticket): [string, number, number, string, string, string | null] {
  return [
    ticket.state,
    isOpen(ticket.state) ? 1 : 0,
    PRIORITY_RANK[ticket.priority],
    ticket.tier,
    ticket.owner?.id ?? '',
    ticket.sla?.nextDueAt ?? null,
  ];
}

function toTicket(row: TicketRow): Ticket {
  return { ...(JSON.parse(row.doc) as Ticket), version: row.version };
}

function toOutboxMessage(row: OutboxRow): OutboxMessage {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    kind: row.kind,
    ticketId: row.ticket_id ?? undefined,
    target: row.target,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    attempts: row.attempts,
    dueAt: row.due_at,
    state: row.state,
    lastError: row.last_error ?? undefined,
  };
}
