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

/** The tables and indexes, each made only when missing (MIGRATE runs this). */
const SCHEMA = `
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
-- The dashboard's survey figure (figures/survey.ts) reads only the celebration's answers.
CREATE INDEX IF NOT EXISTS milepost_events_rated ON milepost_events (journey_id)
  WHERE type = 'track' AND body ->> 'name' = 'milestone:rated';
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
CREATE INDEX IF NOT EXISTS milepost_escalations_log ON milepost_escalations (journey_id, created_at, user_id, event_id);
CREATE TABLE IF NOT EXISTS milepost_users (
  journey_id text   NOT NULL,
  user_id    text   NOT NULL,
  traits     jsonb  NOT NULL DEFAULT '{}',
  first_seen bigint,
  last_seen  bigint,
  updated_at bigint NOT NULL,
  PRIMARY KEY (journey_id, user_id)
);
-- The figures' columns (facts.ts), added here one by one so that an older table gains them too.
ALTER TABLE milepost_users
  ADD COLUMN IF NOT EXISTS layout         text,
  ADD COLUMN IF NOT EXISTS started_at     bigint,
  ADD COLUMN IF NOT EXISTS done_at        bigint,
  ADD COLUMN IF NOT EXISTS first_value_at bigint,
  ADD COLUMN IF NOT EXISTS open_step      text,
  ADD COLUMN IF NOT EXISTS steps_out      text[],
  ADD COLUMN IF NOT EXISTS optional_done  text[],
  ADD COLUMN IF NOT EXISTS risk_from      bigint,
  ADD COLUMN IF NOT EXISTS red_from       bigint,
  ADD COLUMN IF NOT EXISTS open_due       bigint,
  ADD COLUMN IF NOT EXISTS level          smallint,
  ADD COLUMN IF NOT EXISTS m_times        bigint[],
  ADD COLUMN IF NOT EXISTS m_info         smallint[],
  ADD COLUMN IF NOT EXISTS n_times        bigint[],
  ADD COLUMN IF NOT EXISTS n_flags        smallint[];
CREATE INDEX IF NOT EXISTS milepost_users_risk ON milepost_users (journey_id, risk_from) WHERE risk_from IS NOT NULL;
-- The server watch (watch-sql.ts): when each user's state next changes by time alone, and when the
-- server last received a batch of theirs (inactive counts from it).
ALTER TABLE milepost_progress
  ADD COLUMN IF NOT EXISTS watch_at bigint,
  ADD COLUMN IF NOT EXISTS seen_at  bigint;
CREATE INDEX IF NOT EXISTS milepost_progress_watch ON milepost_progress (watch_at) WHERE watch_at IS NOT NULL;
-- Accounts (issue 17): each user's account, the account's traits and first/last seen, and the
-- account's own document in a key space of its own (an account may share an id with a user), kept
-- exactly like a user's: events once per (journey, account), the document, the watch's next look.
ALTER TABLE milepost_users ADD COLUMN IF NOT EXISTS account_id text;
CREATE INDEX IF NOT EXISTS milepost_users_account ON milepost_users (journey_id, account_id);
CREATE TABLE IF NOT EXISTS milepost_accounts (
  journey_id text   NOT NULL,
  account_id text   NOT NULL,
  traits     jsonb  NOT NULL DEFAULT '{}',
  first_seen bigint,
  last_seen  bigint,
  updated_at bigint NOT NULL,
  PRIMARY KEY (journey_id, account_id)
);
CREATE TABLE IF NOT EXISTS milepost_account_events (
  journey_id  text   NOT NULL,
  account_id  text   NOT NULL,
  event_id    text   NOT NULL,
  type        text   NOT NULL,
  at          bigint NOT NULL,
  received_at bigint NOT NULL,
  body        jsonb  NOT NULL,
  PRIMARY KEY (journey_id, account_id, event_id)
);
CREATE TABLE IF NOT EXISTS milepost_account_progress (
  journey_id text   NOT NULL,
  account_id text   NOT NULL,
  doc        jsonb  NOT NULL,
  updated_at bigint NOT NULL,
  watch_at   bigint,
  seen_at    bigint,
  PRIMARY KEY (journey_id, account_id)
);
CREATE INDEX IF NOT EXISTS milepost_account_progress_watch ON milepost_account_progress (watch_at) WHERE watch_at IS NOT NULL;
-- An account's notices (its ladder, its milestones' owners): user_id holds the account id too.
ALTER TABLE milepost_escalations ADD COLUMN IF NOT EXISTS account_id text;
-- The journey file (its journeyVersion) each journey's next looks were computed with: a watcher
-- started with another file makes every user and account of that journey due once (watch.md).
CREATE TABLE IF NOT EXISTS milepost_watch_journeys (
  journey_id text   NOT NULL PRIMARY KEY,
  version    text   NOT NULL,
  updated_at bigint NOT NULL
);`

/** FNV-1a of the schema's text: any change to it makes a new version, so no one has to bump one. */
const fnv = (text: string): string => {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0
  return h.toString(36)
}

/** The schema's version, kept as the comment of its last table once the whole script has run. */
export const SCHEMA_VERSION = `milepost schema ${fnv(SCHEMA)}`

/**
 * Whether the schema of this version is in place. It reads only the catalogs: no table is locked, so
 * a process started on a live database waits for no batch (its DDL did, and deadlocked with them).
 */
export const SCHEMA_IN_PLACE = `SELECT obj_description(to_regclass('milepost_watch_journeys'), 'pg_class') = $1 AS ok`

/**
 * Idempotent: safe from several processes at once (the advisory lock serializes them). Run only when
 * SCHEMA_IN_PLACE is not: on a new database, or the first start of a version whose schema changed.
 */
export const MIGRATE = `
BEGIN;
SELECT pg_advisory_xact_lock(4242001);
${SCHEMA}
COMMENT ON TABLE milepost_watch_journeys IS '${SCHEMA_VERSION}';
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
    -- An event of an older epoch than the document's changes nothing (a reset, an erasure's
    -- tombstone): acknowledged, not stored.
    AND coalesce((e->>'epoch')::numeric, 1e15) >= coalesce(((SELECT doc FROM locked)->>'epoch')::numeric, 0)
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

/** $4 now (also the receive time the watch's inactive counts from), $5 the watch's next look or null. */
export const SAVE_PROGRESS = `UPDATE milepost_progress SET doc = $3::jsonb, updated_at = $4, seen_at = $4, watch_at = $5::bigint
WHERE journey_id = $1 AND user_id = $2`

/**
 * $3: a JSON array of `{ id, kind, body, delivered }`, written in the same transaction as the events;
 * `delivered` is set for a level told by a higher one of the same batch (never posted on its own).
 */
export const INSERT_NOTICES = `INSERT INTO milepost_escalations (journey_id, user_id, event_id, kind, body, created_at, next_at, delivered_at)
SELECT $1, $2, n->>'id', n->>'kind', n->'body', $4, $4, (n->>'delivered')::bigint
FROM jsonb_array_elements($3::jsonb) AS n
ON CONFLICT (journey_id, user_id, event_id) DO NOTHING`

export const GET_PROGRESS = 'SELECT doc FROM milepost_progress WHERE journey_id = $1 AND user_id = $2'

/**
 * Claims due notices, oldest first, of the journey ids in $4 only (all when null); SKIP LOCKED lets
 * several forwarders share the outbox without sending one twice. RETURNING comes in the rows'
 * physical order, so the claimed rows are sorted again: the forwarder posts one user's notices in
 * the order they are returned.
 */
export const CLAIM_NOTICES = `WITH claimed AS (UPDATE milepost_escalations SET claimed_until = $2
WHERE (journey_id, user_id, event_id) IN (
  SELECT journey_id, user_id, event_id FROM milepost_escalations
  WHERE delivered_at IS NULL AND next_at <= $1 AND (claimed_until IS NULL OR claimed_until <= $1)
    AND ($4::text[] IS NULL OR journey_id = ANY($4::text[]))
  ORDER BY created_at, (body->'event'->>'at')::numeric, event_id COLLATE "C" LIMIT $3
  FOR UPDATE SKIP LOCKED)
RETURNING journey_id, user_id, account_id, event_id, kind, body, attempts, created_at)
SELECT journey_id, user_id, account_id, event_id, kind, body, attempts FROM claimed
ORDER BY created_at, (body->'event'->>'at')::numeric, event_id COLLATE "C"`

export const MARK_DELIVERED = `UPDATE milepost_escalations
SET delivered_at = $4, attempts = attempts + $5, claimed_until = NULL, last_error = NULL
WHERE journey_id = $1 AND user_id = $2 AND event_id = $3 AND delivered_at IS NULL`

export const MARK_FAILED = `UPDATE milepost_escalations
SET next_at = $4, attempts = attempts + $5, claimed_until = NULL, last_error = $6
WHERE journey_id = $1 AND user_id = $2 AND event_id = $3 AND delivered_at IS NULL`

/**
 * The user's row when no journey is known (so no figures): $3 traits (null keeps the stored ones),
 * $4 first and $5 last seen, $6 now.
 */
export const SAVE_USER = `INSERT INTO milepost_users AS u (journey_id, user_id, traits, first_seen, last_seen, updated_at)
VALUES ($1, $2, coalesce($3::jsonb, '{}'), $4::bigint, $5::bigint, $6)
ON CONFLICT (journey_id, user_id) DO UPDATE SET traits = coalesce($3::jsonb, u.traits),
  first_seen = EXCLUDED.first_seen, last_seen = EXCLUDED.last_seen, updated_at = EXCLUDED.updated_at`

/** The traits kept for a user, for a batch that came without them. */
export const GET_TRAITS = 'SELECT traits FROM milepost_users WHERE journey_id = $1 AND user_id = $2'

/**
 * What the dashboard reads about one user, replaced whole at each batch (facts.ts, factsRow): $3 traits
 * (null keeps the stored ones), $4 first and $5 last seen, $6 now, $7 the facts as one JSON object of columns.
 */
export const SAVE_FACTS = `INSERT INTO milepost_users AS u (journey_id, user_id, traits, first_seen, last_seen, updated_at,
  layout, started_at, done_at, first_value_at, open_step, steps_out, optional_done, risk_from, red_from,
  open_due, level, m_times, m_info, n_times, n_flags)
SELECT $1, $2, coalesce($3::jsonb, '{}'), $4::bigint, $5::bigint, $6, f.*
FROM jsonb_to_record($7::jsonb) AS f(
  layout text, started_at bigint, done_at bigint, first_value_at bigint, open_step text, steps_out text[],
  optional_done text[], risk_from bigint, red_from bigint, open_due bigint, level smallint, m_times bigint[],
  m_info smallint[], n_times bigint[], n_flags smallint[])
ON CONFLICT (journey_id, user_id) DO UPDATE SET traits = coalesce($3::jsonb, u.traits), first_seen = EXCLUDED.first_seen,
  last_seen = EXCLUDED.last_seen, updated_at = EXCLUDED.updated_at,
  layout = EXCLUDED.layout, started_at = EXCLUDED.started_at, done_at = EXCLUDED.done_at,
  first_value_at = EXCLUDED.first_value_at, open_step = EXCLUDED.open_step, steps_out = EXCLUDED.steps_out,
  optional_done = EXCLUDED.optional_done, risk_from = EXCLUDED.risk_from, red_from = EXCLUDED.red_from,
  open_due = EXCLUDED.open_due, level = EXCLUDED.level, m_times = EXCLUDED.m_times, m_info = EXCLUDED.m_info,
  n_times = EXCLUDED.n_times, n_flags = EXCLUDED.n_flags`

/**
 * Fresh planner statistics for the tables the figures read. PostgreSQL's autovacuum keeps them; PGlite
 * has no autovacuum, so its store runs this every so many writes (without statistics the planner
 * takes the figure tables for empty and joins them in loops).
 */
export const ANALYZE_FIGURES = 'ANALYZE milepost_users, milepost_escalations'

// ---------------------------------------------------------------------------------------------
// Accounts

/**
 * A user statement on the account's document: the same statement on the account tables
 * (`milepost_account_events`, `milepost_account_progress`, `milepost_accounts`) keyed by `account_id`.
 * One code path writes both kinds of document.
 */
export const forAccounts = (sql: string): string => [
  ['milepost_progress', 'milepost_account_progress'], ['milepost_events', 'milepost_account_events'],
  ['milepost_users', 'milepost_accounts'], ['user_id', 'account_id'],
].reduce((q, [a, b]) => q.split(a!).join(b!), sql)

/** The statements of one kind of document. */
export const statementsOf = (account: boolean) => {
  const f = account ? forAccounts : (q: string) => q
  return {
    LOCK_AND_INSERT: f(LOCK_AND_INSERT), LOCK_PROGRESS: f(LOCK_PROGRESS), CREATE_PROGRESS: f(CREATE_PROGRESS),
    INSERT_EVENTS: f(INSERT_EVENTS), SAVE_PROGRESS: f(SAVE_PROGRESS), GET_PROGRESS: f(GET_PROGRESS),
    INSERT_NOTICES: account ? INSERT_ACCOUNT_NOTICES : INSERT_NOTICES,
    WATCH_KEYS_FIRST: f(WATCH_KEYS_FIRST), WATCH_KEYS_NEXT: f(WATCH_KEYS_NEXT),
    WATCH_MARK_FIRST: f(WATCH_MARK_FIRST), WATCH_MARK_NEXT: f(WATCH_MARK_NEXT),
  }
}

/** An account's outbox rows: as INSERT_NOTICES, with `user_id` and `account_id` both the account. Returns the ids that were new. */
export const INSERT_ACCOUNT_NOTICES = `INSERT INTO milepost_escalations (journey_id, user_id, account_id, event_id, kind, body, created_at, next_at, delivered_at)
SELECT $1, $2, $2, n->>'id', n->>'kind', n->'body', $4, $4, (n->>'delivered')::bigint
FROM jsonb_array_elements($3::jsonb) AS n
ON CONFLICT (journey_id, user_id, event_id) DO NOTHING
RETURNING event_id`

/** A user's outbox rows, returning the ids that were new (owner notices are recorded once each). */
export const INSERT_NEW_NOTICES = INSERT_NOTICES + '\nRETURNING event_id'

/**
 * A member's batch keeps their account: $3 traits (null keeps the stored ones), $4 first and $5 last
 * seen of the member (the account's are the least and greatest over its members), $6 now.
 */
export const SAVE_ACCOUNT = `INSERT INTO milepost_accounts AS a (journey_id, account_id, traits, first_seen, last_seen, updated_at)
VALUES ($1, $2, coalesce($3::jsonb, '{}'), $4::bigint, $5::bigint, $6)
ON CONFLICT (journey_id, account_id) DO UPDATE SET traits = coalesce($3::jsonb, a.traits),
  first_seen = least(a.first_seen, EXCLUDED.first_seen), last_seen = greatest(a.last_seen, EXCLUDED.last_seen),
  updated_at = EXCLUDED.updated_at`

/** $3 the account the user's latest batch named. */
export const SET_MEMBER = `UPDATE milepost_users SET account_id = $3
WHERE journey_id = $1 AND user_id = $2 AND account_id IS DISTINCT FROM $3`

/** An account as its members and the watch read it: traits, first seen, document (null before any). */
export const GET_ACCOUNT = `SELECT a.traits, a.first_seen, p.doc, p.seen_at, p.watch_at FROM milepost_accounts a
LEFT JOIN milepost_account_progress p ON p.journey_id = a.journey_id AND p.account_id = a.account_id
WHERE a.journey_id = $1 AND a.account_id = $2`

/** An account's document with its row's first seen, also before the account has a document. */
export const GET_ACCOUNT_PROGRESS = `SELECT p.doc, a.first_seen FROM (SELECT $1::text AS j, $2::text AS id) k
LEFT JOIN milepost_account_progress p ON p.journey_id = k.j AND p.account_id = k.id
LEFT JOIN milepost_accounts a ON a.journey_id = k.j AND a.account_id = k.id`

/** The members of an account, with their documents: refreshed when the account's document changes. */
export const ACCOUNT_MEMBERS = `SELECT u.user_id, u.traits, p.doc, p.seen_at FROM milepost_users u
JOIN milepost_progress p ON p.journey_id = u.journey_id AND p.user_id = u.user_id
WHERE u.journey_id = $1 AND u.account_id = $2 ORDER BY u.user_id`

/** $1 the journey, $2 a JSON array of `{ u, next }`: members' next looks, after their account's document changed. */
export const SET_WATCH = `UPDATE milepost_progress AS p SET watch_at = r.next
FROM jsonb_to_recordset($2::jsonb) AS r(u text, next bigint)
WHERE p.journey_id = $1 AND p.user_id = r.u`

/** The account's next look, when a member's batch moved it (new account traits, an earlier first member). */
export const SET_ACCOUNT_WATCH = `UPDATE milepost_account_progress SET watch_at = $3::bigint
WHERE journey_id = $1 AND account_id = $2 AND watch_at IS DISTINCT FROM $3::bigint`

/**
 * The account's document row, created empty by its first member's batch so the watch looks at the
 * account (its ladders, its owners) before any member does an account step. $5 its first next look.
 */
export const CREATE_ACCOUNT_PROGRESS = `INSERT INTO milepost_account_progress (journey_id, account_id, doc, updated_at, watch_at)
VALUES ($1, $2, $3::jsonb, $4, $5::bigint) ON CONFLICT (journey_id, account_id) DO NOTHING`

// ---------------------------------------------------------------------------------------------
// The watch's journey versions

/** The version of the journey file the watch last made sure of, for $1. */
export const GET_WATCH_VERSION = 'SELECT version FROM milepost_watch_journeys WHERE journey_id = $1'

/** $1 journey, $2 version, $3 now: recorded once every row of the journey was made due. */
export const SET_WATCH_VERSION = `INSERT INTO milepost_watch_journeys (journey_id, version, updated_at) VALUES ($1, $2, $3)
ON CONFLICT (journey_id) DO UPDATE SET version = EXCLUDED.version, updated_at = EXCLUDED.updated_at`

/** The next keys of a journey's documents in key order (the primary key's index), $1 journey, $2 how many. */
export const WATCH_KEYS_FIRST = `SELECT user_id AS id FROM milepost_progress WHERE journey_id = $1 ORDER BY user_id LIMIT $2`
/** The same after the key $3. */
export const WATCH_KEYS_NEXT = `SELECT user_id AS id FROM milepost_progress WHERE journey_id = $1 AND user_id > $3 ORDER BY user_id LIMIT $2`

/**
 * One batch of a journey's documents made due now: $1 journey, $2 now, $3 the last key of the batch,
 * ($4 the key before the batch, for the NEXT form). A row already due keeps its place in the queue.
 */
const MARK_DUE = (lower: string) => `WITH m AS (UPDATE milepost_progress SET watch_at = $2
  WHERE journey_id = $1${lower} AND user_id <= $3 AND (watch_at IS NULL OR watch_at > $2) RETURNING 1)
SELECT count(*)::int AS n FROM m`
export const WATCH_MARK_FIRST = MARK_DUE('')
export const WATCH_MARK_NEXT = MARK_DUE(' AND user_id > $4')

/** The journeys with documents, one index probe each (a loose index scan of the primary key). */
export const STORED_JOURNEYS = `WITH RECURSIVE j AS (
  (SELECT journey_id FROM milepost_progress ORDER BY journey_id LIMIT 1)
  UNION ALL
  SELECT (SELECT p.journey_id FROM milepost_progress p WHERE p.journey_id > j.journey_id ORDER BY p.journey_id LIMIT 1)
  FROM j WHERE j.journey_id IS NOT NULL
)
SELECT journey_id FROM j WHERE journey_id IS NOT NULL`

/**
 * A user's erasure (`eraseUser`). ERASE_LOCK and ERASE_USERS ($1 the user, $2 the journey or null
 * for all) find the journeys (a row per user and journey: cheap); the events and notices are then
 * deleted per journey ($1 journey, $2 user), on their primary keys' index. Their documents are
 * locked first, then replaced by tombstones in application code (ERASE_TOMBSTONE).
 */
export const ERASE_LOCK = `SELECT journey_id, doc FROM milepost_progress WHERE user_id = $1 AND ($2::text IS NULL OR journey_id = $2) FOR UPDATE`
export const ERASE_USERS = `DELETE FROM milepost_users WHERE user_id = $1 AND ($2::text IS NULL OR journey_id = $2) RETURNING journey_id`
export const ERASE_EVENTS = `WITH d AS (DELETE FROM milepost_events WHERE journey_id = $1 AND user_id = $2 RETURNING 1) SELECT count(*)::int AS n FROM d`
/** The user's own notices: an account's (`account_id` set) share the column with the account's id. */
export const ERASE_NOTICES = `WITH d AS (DELETE FROM milepost_escalations WHERE journey_id = $1 AND user_id = $2 AND account_id IS NULL RETURNING 1)
SELECT count(*)::int AS n FROM d`
export const ERASE_TOMBSTONE = `UPDATE milepost_progress SET doc = $3::jsonb, updated_at = $4, watch_at = NULL, seen_at = NULL
WHERE journey_id = $1 AND user_id = $2`
