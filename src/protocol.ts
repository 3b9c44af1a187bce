/**
 * Sync wire protocol, version 1: the bodies the client sends and the server answers, their limits,
 * and the checks both sides run. docs/sync-protocol.md describes the same thing for other backends.
 */
import { cleanText, isUnclean } from './core/clean'
import type { Progress, ProgressEvent, Traits } from './core/types'
import { checkEvent } from './protocol-event'
import { readProgress } from './protocol-progress'

/** The protocol version this code speaks. */
export const PROTOCOL = 1
/** Events per batch the client sends at most. */
export const MAX_EVENTS = 100
/** Bytes of one batch body the client sends at most: under the 64 KB `keepalive` quota. */
export const MAX_BYTES = 48 * 1024
/** Bytes of a request body the reference server reads at most; beyond it answers 413. */
export const MAX_BODY_BYTES = 64 * 1024
/** How far in the future the server lets an event's `at` be: later times are clamped to now + this. */
export const MAX_SKEW_MS = 5 * 60_000

/** `POST {endpoint}/sync` body, sent as `text/plain` JSON so no CORS preflight is needed. */
export interface SyncRequest {
  protocol: 1
  /** Unique per request: the response echoes it, and only then is it an acknowledgement. */
  batchId: string
  userId: string
  journeyId: string
  /** At most `MAX_EVENTS`, and the whole body at most `MAX_BYTES`. */
  events: ProgressEvent[]
  /** The client's whole document, for anti-entropy: the server merges it in. */
  progress?: Progress
  /** The user's traits, passed on with escalations so they reach people with context. */
  traits?: Traits
  /** The user's account (1–200 characters): the server records the user as its member. */
  accountId?: string
  /** The account's traits (like `traits`), kept with the account; audiences read them as `account.<name>`. */
  accountTraits?: Traits
  /**
   * `account`: `events` and `progress` are the account's document (`accountId` required), applied
   * exactly once per (journey, account) event id, and the answer's `progress` is the account's.
   * @default the user's document
   */
  scope?: 'user' | 'account'
}

/** An event the server will never accept, with why: the client keeps it aside and reports it. */
export interface Rejection {
  id: string
  reason: string
}

/** `200` answer to a sync: every event is either acked (applied now or before) or rejected. */
export interface SyncResponse {
  batchId: string
  acked: string[]
  rejected: Rejection[]
  /** The server's merged document after this batch. */
  progress: Progress
}

/** `200` answer to `GET {endpoint}/progress?userId=&journeyId=` (or `?accountId=&journeyId=`: the account's document). */
export interface ProgressResponse {
  progress: Progress
}

/** Any non-2xx answer from the reference server. */
export interface ErrorBody {
  error: string
}

export type ParsedSyncRequest =
  | { request: SyncRequest; rejected: Rejection[] }
  | { error: string; status: 400 | 413 }

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
const isText = (v: unknown, max: number): v is string => typeof v === 'string' && v.length > 0 && v.length <= max
/** Whether the UTF-8 form of `text` passes `max` bytes; encodes only when the length cannot tell. */
const overCap = (text: string, max: number): boolean =>
  text.length > max || (text.length * 3 > max && new TextEncoder().encode(text).length > max)

const traitsOf = (v: unknown, name = 'traits'): Traits | string => {
  if (!isRecord(v)) return `${name}: expected an object`
  const out: Record<string, string | number | boolean | null> = {}
  for (const [k, t] of Object.entries(v)) {
    if (t === null || typeof t === 'boolean' || typeof t === 'string' || (typeof t === 'number' && Number.isFinite(t))) {
      const key = cleanText(k)
      if (key !== '__proto__') out[key] = typeof t === 'string' ? cleanText(t) : t
    } else return `${name}.${k}: expected a string, number, boolean or null`
  }
  return out
}

/**
 * Reads a sync request body. Envelope faults give `{ error, status }` (400, or 413 when too big:
 * the client then splits the batch); an event with a bad shape lands in `rejected` while the others
 * stay in `request.events`. Text is cleaned (no NUL, no lone surrogate: PostgreSQL refuses them) and
 * the document's times are clamped to `latest` (the server's now + MAX_SKEW_MS). Never throws.
 * @example
 * const parsed = parseSyncRequest(await request.text())
 * if ('error' in parsed) return Response.json({ error: parsed.error }, { status: parsed.status })
 */
export const parseSyncRequest = (text: string, maxBytes = MAX_BODY_BYTES, latest = Infinity): ParsedSyncRequest => {
  if (overCap(text, maxBytes)) return { error: `body: larger than ${maxBytes} bytes`, status: 413 }
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return { error: 'body: not valid JSON', status: 400 }
  }
  if (!isRecord(body)) return { error: 'body: expected a JSON object', status: 400 }
  if (body.protocol !== PROTOCOL) return { error: `protocol: expected ${PROTOCOL}`, status: 400 }
  const { batchId, userId, journeyId, events, accountId, scope } = body
  if (!isText(batchId, 100)) return { error: 'batchId: expected a string of 1-100 characters', status: 400 }
  if (!isText(userId, 200)) return { error: 'userId: expected a string of 1-200 characters', status: 400 }
  if (!isText(journeyId, 100)) return { error: 'journeyId: expected a string of 1-100 characters', status: 400 }
  // Identities are never cleaned, which would name another user: the client cleans them first.
  if (accountId !== undefined && !isText(accountId, 200)) return { error: 'accountId: expected a string of 1-200 characters', status: 400 }
  if (scope !== undefined && scope !== 'user' && scope !== 'account') return { error: 'scope: expected "user" or "account"', status: 400 }
  if (scope === 'account' && accountId === undefined) return { error: 'accountId: required with scope "account"', status: 400 }
  const unclean = Object.entries({ batchId, userId, journeyId, ...(accountId !== undefined ? { accountId } : {}) }).find(([, v]) => isUnclean(v as string))
  if (unclean) return { error: `${unclean[0]}: contains a NUL or a lone surrogate`, status: 400 }
  if (!Array.isArray(events)) return { error: 'events: expected an array', status: 400 }
  if (events.length > MAX_EVENTS) return { error: `events: at most ${MAX_EVENTS} per batch`, status: 413 }

  const request: SyncRequest = { protocol: PROTOCOL, batchId, userId, journeyId, events: [] }
  if (accountId !== undefined) request.accountId = accountId as string
  if (scope === 'account') request.scope = scope
  const rejected: Rejection[] = []
  const seen = new Set<string>()
  for (const [i, raw] of events.entries()) {
    const id = isRecord(raw) ? raw.id : undefined
    if (!isText(id, 100)) return { error: `events[${i}].id: expected a string of 1-100 characters`, status: 400 }
    if (seen.has(id)) continue
    seen.add(id)
    const checked = checkEvent(raw as Record<string, unknown>)
    if (typeof checked === 'string') rejected.push({ id, reason: checked })
    else request.events.push(checked)
  }
  if (body.progress !== undefined) {
    // An account's document holds the account id where a user's holds the user id.
    const progress = readProgress(body.progress, scope === 'account' ? accountId as string : userId, latest)
    if (typeof progress === 'string') return { error: progress, status: 400 }
    request.progress = progress
  }
  if (body.traits !== undefined) {
    const traits = traitsOf(body.traits)
    if (typeof traits === 'string') return { error: traits, status: 400 }
    request.traits = traits
  }
  if (body.accountTraits !== undefined) {
    const traits = traitsOf(body.accountTraits, 'accountTraits')
    if (typeof traits === 'string') return { error: traits, status: 400 }
    request.accountTraits = traits
  }
  return { request, rejected }
}

const isRejection = (v: unknown): boolean => isRecord(v) && typeof v.id === 'string' && typeof v.reason === 'string'

/**
 * Whether a parsed response body acknowledges the batch `batchId`. A captive portal's 200 HTML page,
 * a proxy's JSON, or an answer to another batch is not an acknowledgement.
 */
export const isSyncResponse = (value: unknown, batchId: string): value is SyncResponse =>
  isRecord(value) && value.batchId === batchId &&
  Array.isArray(value.acked) && value.acked.every((id) => typeof id === 'string') &&
  Array.isArray(value.rejected) && value.rejected.every(isRejection) &&
  isRecord(value.progress)

/** Reads a sync response from its text: the response, or `null` when it is not an ack of `batchId`. */
export const parseSyncResponse = (text: string, batchId: string): SyncResponse | null => {
  try {
    const value: unknown = JSON.parse(text)
    return isSyncResponse(value, batchId) ? value : null
  } catch {
    return null
  }
}

/** Whether a parsed body is a `GET …/progress` answer. */
export const isProgressResponse = (value: unknown): value is ProgressResponse =>
  isRecord(value) && isRecord(value.progress)
