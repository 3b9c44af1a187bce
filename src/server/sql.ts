/**
 * Every SQL statement the stores run, the same for PGlite and PostgreSQL ($n parameters, jsonb).
 * docs/sync-protocol.md quotes them for teams that write the endpoint in their own backend.
 * Times are epoch milliseconds (bigint), so the handler's `now` is the only clock.
 */

/** A query returning rows; parameters are $1, $2, …; JSON goes in as text cast to jsonb. */
export type Query = <R = Record<string, unknown>>(sql: string, params?: readonly unknown[]) => Promise<R[]>

/** What a store needs from a database: one-off queries, a transaction on one connection, a script. */
export interface SqlDriver {
  query: Query
  transaction<T>(work: (query: Query) => Promise<T>): Promise<T>
  /** Runs a script of several statements without parameters. */
  exec(sql: string): Promise<void>
  close(): Promise<void>
}

/** Idempotent: safe on every start and from several processes at once (the advisory lock serializes them). */
export const MIGRATE = `
BEGIN;
SELECT pg_advisory_xact_lock(4242001);
CREATE TABLE IF NOT EXISTS milepost_events (
  journey_id  text   NOT NULL,
  user_id     text   NOT NULL,
  event_id    text   NOT NULL,
  type        text   NOT NULL,
  at          bigint NOT NULL,
  received_at bigint NOT NULL,
  body        jsonb  NOT NULL,
  PRIMARY KEY (journey_id, user_id, event_id)
);
CREATE TABLE IF NOT EXISTS milepost_progress (
  journey_id text   NOT NULL,
  user_id    text   NOT NULL,
  doc        jsonb  NOT NULL,
  updated_at bigint NOT NULL,
  PRIMARY KEY (journey_id, user_id)
);
CREATE TABLE IF NOT EXISTS milepost_escalations (
  journey_id    text    NOT NULL,
  user_id       text    NOT NULL,
  event_id      text    NOT NULL,
  kind          text    NOT NULL,
  body          jsonb   NOT NULL,
  created_at    bigint  NOT NULL,
  next_at       bigint  NOT NULL,
  attempts      integer NOT NULL DEFAULT 0,
  claimed_until bigint,
  delivered_at  bigint,
  last_error    text,
  PRIMARY KEY (journey_id, user_id, event_id)
);
CREATE INDEX IF NOT EXISTS milepost_escalations_due ON milepost_escalations (next_at) WHERE delivered_at IS NULL;
COMMIT;`

/**
 * The common case in one round trip: lock the user's row, then (only once it is locked, so concurrent
 * batches of one user queue here and never deadlock on each other's event ids) insert the events.
 * $3: a JSON array of events. `doc` is null for a user without a row: then CREATE, LOCK, INSERT.
 */
export const LOCK_AND_INSERT = `WITH locked AS (
  SELECT doc FROM milepost_progress WHERE journey_id = $1 AND user_id = $2 FOR UPDATE
), fresh AS (
  INSERT INTO milepost_events (journey_id, user_id, event_id, type, at, received_at, body)
  SELECT $1, $2, e->>'id', e->>'type', floor((e->>'at')::float8)::bigint, $4, e
  FROM jsonb_array_elements($3::jsonb) AS e
  WHERE EXISTS (SELECT 1 FROM locked)
  ON CONFLICT (journey_id, user_id, event_id) DO NOTHING
  RETURNING event_id
)
SELECT (SELECT doc FROM locked) AS doc, (SELECT coalesce(json_agg(event_id), '[]') FROM fresh) AS fresh`

export const LOCK_PROGRESS =
  'SELECT doc FROM milepost_progress WHERE journey_id = $1 AND user_id = $2 FOR UPDATE'

/** First batch of a user: creates the row (a concurrent first batch waits on the key, then finds it). */
export const CREATE_PROGRESS = `INSERT INTO milepost_progress (journey_id, user_id, doc, updated_at)
VALUES ($1, $2, $3::jsonb, $4) ON CONFLICT (journey_id, user_id) DO NOTHING`

/** $3: a JSON array of events. Returns the ids that were new: the rest were applied before. */
export const INSERT_EVENTS = `INSERT INTO milepost_events (journey_id, user_id, event_id, type, at, received_at, body)
SELECT $1, $2, e->>'id', e->>'type', floor((e->>'at')::float8)::bigint, $4, e
FROM jsonb_array_elements($3::jsonb) AS e
ON CONFLICT (journey_id, user_id, event_id) DO NOTHING
RETURNING event_id`

export const SAVE_PROGRESS =
  'UPDATE milepost_progress SET doc = $3::jsonb, updated_at = $4 WHERE journey_id = $1 AND user_id = $2'

/** $3: a JSON array of `{ id, kind, body }`, written in the same transaction as the events. */
export const INSERT_NOTICES = `INSERT INTO milepost_escalations (journey_id, user_id, event_id, kind, body, created_at, next_at)
SELECT $1, $2, n->>'id', n->>'kind', n->'body', $4, $4
FROM jsonb_array_elements($3::jsonb) AS n
ON CONFLICT (journey_id, user_id, event_id) DO NOTHING`

export const GET_PROGRESS = 'SELECT doc FROM milepost_progress WHERE journey_id = $1 AND user_id = $2'

/** Claims due notices; SKIP LOCKED lets several forwarders share the outbox without sending one twice. */
export const CLAIM_NOTICES = `UPDATE milepost_escalations SET claimed_until = $2
WHERE (journey_id, user_id, event_id) IN (
  SELECT journey_id, user_id, event_id FROM milepost_escalations
  WHERE delivered_at IS NULL AND next_at <= $1 AND (claimed_until IS NULL OR claimed_until <= $1)
  ORDER BY created_at LIMIT $3
  FOR UPDATE SKIP LOCKED)
RETURNING journey_id, user_id, event_id, kind, body, attempts`

export const MARK_DELIVERED = `UPDATE milepost_escalations
SET delivered_at = $4, attempts = attempts + $5, claimed_until = NULL, last_error = NULL
WHERE journey_id = $1 AND user_id = $2 AND event_id = $3 AND delivered_at IS NULL`

export const MARK_FAILED = `UPDATE milepost_escalations
SET next_at = $4, attempts = attempts + $5, claimed_until = NULL, last_error = $6
WHERE journey_id = $1 AND user_id = $2 AND event_id = $3 AND delivered_at IS NULL`
