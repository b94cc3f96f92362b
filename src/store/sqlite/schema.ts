/**
 * The SQLite schema, applied idempotently at open. Queue indexes lead with `is_open` so a page
 * of a queue reads only open tickets, however many closed ones the file holds.
 */
export const SCHEMA = `
CREATE TABLE IF NOT EXISTS tickets (
  tenant_id     TEXT NOT NULL,
  id            TEXT NOT NULL,
  number        INTEGER NOT NULL,
  intake_key    TEXT NOT NULL,
  state         TEXT NOT NULL,
  is_open       INTEGER NOT NULL,
  priority_rank INTEGER NOT NULL,
  tier          TEXT NOT NULL,
  owner_id      TEXT NOT NULL,
  requester_id  TEXT NOT NULL,
  version       INTEGER NOT NULL,
  doc           TEXT NOT NULL,
  next_due_at   TEXT,
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX IF NOT EXISTS tickets_intake ON tickets (tenant_id, intake_key);
CREATE INDEX IF NOT EXISTS tickets_requester ON tickets (tenant_id, requester_id, number);
CREATE INDEX IF NOT EXISTS tickets_owner_urgent
  ON tickets (tenant_id, owner_id, is_open, priority_rank, number);
CREATE INDEX IF NOT EXISTS tickets_owner_newest ON tickets (tenant_id, owner_id, is_open, number);
CREATE INDEX IF NOT EXISTS tickets_tier_urgent
  ON tickets (tenant_id, tier, is_open, priority_rank, number);
CREATE INDEX IF NOT EXISTS tickets_tier_newest ON tickets (tenant_id, tier, is_open, number);
CREATE INDEX IF NOT EXISTS tickets_open_urgent ON tickets (tenant_id, is_open, priority_rank, number);
CREATE INDEX IF NOT EXISTS tickets_open_newest ON tickets (tenant_id, is_open, number);

CREATE TABLE IF NOT EXISTS ticket_events (
  seq       INTEGER PRIMARY KEY AUTOINCREMENT,
  tenant_id TEXT NOT NULL,
  ticket_id TEXT NOT NULL,
  doc       TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ticket_events_by_ticket ON ticket_events (tenant_id, ticket_id, seq);

CREATE TABLE IF NOT EXISTS counters (
  tenant_id TEXT PRIMARY KEY,
  value     INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS kv (
  ns    TEXT NOT NULL,
  key   TEXT NOT NULL,
  value TEXT NOT NULL,
  etag  INTEGER NOT NULL,
  PRIMARY KEY (ns, key)
);

CREATE TABLE IF NOT EXISTS outbox (
  id         TEXT PRIMARY KEY,
  tenant_id  TEXT NOT NULL,
  kind       TEXT NOT NULL,
  ticket_id  TEXT,
  target     TEXT NOT NULL,
  payload    TEXT NOT NULL,
  attempts   INTEGER NOT NULL DEFAULT 0,
  due_at     TEXT NOT NULL,
  state      TEXT NOT NULL,
  last_error TEXT
);
CREATE INDEX IF NOT EXISTS outbox_due ON outbox (state, due_at);
`;

/** Columns added after the first release, for files created before them. */
export const MIGRATIONS: readonly { table: string; column: string; sql: string }[] = [
  {
    table: 'tickets',
    column: 'next_due_at',
    sql: 'ALTER TABLE tickets ADD COLUMN next_due_at TEXT',
  },
];

/** Indexes on migrated columns, created once the columns exist. */
export const LATE_INDEXES = `
CREATE INDEX IF NOT EXISTS tickets_due ON tickets (next_due_at) WHERE next_due_at IS NOT NULL;
`;
