// MERGE NOTE (issue 17d): a copy of the account columns and tables that issue 17c adds to MIGRATE in
// src/server/sql.ts, as the accounts contract fixes them. The dashboard's tests, the bench and the
// seed run these until 17c's branch is merged; the merger drops this file and its uses (every one
// calls `ensureAccountTables`) once MIGRATE creates the same things. Idempotent.
import type { Query } from '../sql'

export const ACCOUNT_TABLES: readonly string[] = [
  'ALTER TABLE milepost_users ADD COLUMN IF NOT EXISTS account_id text',
  'CREATE INDEX IF NOT EXISTS milepost_users_account ON milepost_users (journey_id, account_id)',
  `CREATE TABLE IF NOT EXISTS milepost_accounts (
  journey_id text NOT NULL, account_id text NOT NULL, traits jsonb NOT NULL DEFAULT '{}',
  first_seen bigint, last_seen bigint, updated_at bigint NOT NULL, PRIMARY KEY (journey_id, account_id))`,
  `CREATE TABLE IF NOT EXISTS milepost_account_events (
  journey_id text NOT NULL, account_id text NOT NULL, event_id text NOT NULL, type text NOT NULL, at bigint NOT NULL,
  received_at bigint NOT NULL, body jsonb NOT NULL, PRIMARY KEY (journey_id, account_id, event_id))`,
  `CREATE TABLE IF NOT EXISTS milepost_account_progress (
  journey_id text NOT NULL, account_id text NOT NULL, doc jsonb NOT NULL, updated_at bigint NOT NULL, watch_at bigint, seen_at bigint,
  PRIMARY KEY (journey_id, account_id))`,
  'ALTER TABLE milepost_escalations ADD COLUMN IF NOT EXISTS account_id text',
]

export const ensureAccountTables = async (query: Query): Promise<void> => {
  for (const sql of ACCOUNT_TABLES) await query(sql)
}
