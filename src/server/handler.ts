/**
 * The sync endpoint as one Fetch-API function: `POST …/sync` applies a batch, `GET …/progress` reads
 * a user's document. Runs in Node (see `toNodeListener`) and in any runtime with Request/Response.
 */
import { defaultLog } from './log'
import { emptyProgress } from '../core'
import type { Journey, Traits } from '../core'
import { MAX_BODY_BYTES, MAX_SKEW_MS, parseSyncRequest } from '../protocol'
import type { SyncRequest, SyncResponse } from '../protocol'
import { corsHeaders, json, preflight, readCapped } from './http'
import type { AllowOrigin } from './http'
import { describeNotice, journeyLookup } from './notice'
import type { Journeys, Notice, NoticeContext } from './notice'
import { ingestIsolated } from './isolate'
import { noticesOf } from './notices'
import { clientDocument, verifyNotices } from './verify'
import type { IngestResult, NoticeKind, SyncStore } from './store'
import { isConflict, isUnavailable, RETRY_AFTER_S } from './unavailable'
import { viewOf } from './watcher'

/**
 * Without Fetch Metadata (a browser older than 2023), whether the request's `Origin` names another
 * host than the one it was sent to (`Host`, else the URL's): a page elsewhere, or a sandboxed one
 * (`null`). A request without `Origin` (a server, a tool) is not a browser's cross-site write.
 */
const foreignOrigin = (request: Request): boolean => {
  const origin = request.headers.get('origin')
  if (origin === null) return false
  try {
    return new URL(origin).host !== (request.headers.get('host') ?? new URL(request.url).host)
  } catch {
    return true // `null`, or not an origin
  }
}

/**
 * Who the caller may act as: their own user, and their own account's document when `accountId` is
 * given. `role: 'admin'` may read and write any user's and any account's progress.
 */
export interface Caller {
  userId: string
  /** The caller's account: a request naming another account is refused with 403. */
  accountId?: string
  role?: string
}

export interface SyncHandlerOptions {
  store: SyncStore
  /** Checks the request's credentials: the caller, or null for 401. Throwing answers 500. */
  authorize: (request: Request) => Caller | null | undefined | Promise<Caller | null | undefined>
  /** Each escalation event, once, after it is stored. Awaited before the answer: keep it quick. */
  onEscalation?: (notice: Notice<'escalation'>) => unknown
  /** Each `step:delegated` event, once, after it is stored. */
  onDelegate?: (notice: Notice<'delegate'>) => unknown
  /** Each owner notice a batch makes (a milestone with an `owner` completed, due soon or overdue), once. */
  onOwner?: (notice: Notice<'owner'>) => unknown
  /**
   * The journey files (an array), or a function from a journey id to its file: so escalations are
   * checked, notices say which milestone is late and by how much, and SQL stores keep figures.
   * A function's answer is checked as `validateJourney` checks it. The handler reads and writes only
   * its own journeys (tenants on one store with colliding user ids stay apart): a journey id that is
   * not listed, or that the function answers with `undefined` or `null`, is refused `403` (told once
   * per id on `log`); a function that throws, is late, or answers a file not valid or of another id
   * answers `503` (told once on `log`): which journeys are this endpoint's is not known then, and
   * the browser keeps the batch and tries again.
   */
  journeys?: Journeys
  /** How long a `journeys` function may take to answer; past it the request is answered `503`. @default 10000 */
  lookupTimeoutMs?: number
  /** Browser origins allowed to call from another origin; enables OPTIONS preflights. @default none */
  allowOrigin?: AllowOrigin
  /** @default MAX_BODY_BYTES (64 KB) */
  maxBodyBytes?: number
  /** The server clock, epoch ms. @default Date.now */
  now?: () => number
  /** Where failures go, once each. @default console.error */
  log?: (message: string, error?: unknown) => void
}

export type SyncHandler = (request: Request) => Promise<Response>

const routeOf = (request: Request): 'sync' | 'progress' | null => {
  const path = new URL(request.url).pathname.replace(/\/+$/, '')
  return path.endsWith('/sync') ? 'sync' : path.endsWith('/progress') ? 'progress' : null
}
const TYPES = ['', 'text/plain', 'application/json']

/**
 * Creates the sync endpoint. Bad requests get a 4xx with `{ error }`, never a crash.
 * @example
 * const handler = createSyncHandler({
 *   store: createPostgresStore({ connectionString: process.env.DATABASE_URL! }),
 *   authorize: async (request) => verifySession(request.headers.get('authorization')),
 *   onEscalation: (notice) => queue.push(notice),
 * })
 */
export const createSyncHandler = (options: SyncHandlerOptions): SyncHandler => {
  const { store, authorize, maxBodyBytes = MAX_BODY_BYTES } = options
  // Whole milliseconds, as the stores keep times (a clock such as performance.timeOrigin + performance.now() has fractions).
  const now = () => Math.floor((options.now ?? Date.now)())
  const log = options.log ?? defaultLog
  const journeys = journeyLookup('createSyncHandler', options.journeys, { log, timeoutMs: options.lookupTimeoutMs })
  const may = (caller: Caller, userId: string): boolean => caller.userId === userId || caller.role === 'admin'
  const mayAccount = (caller: Caller, accountId: string): boolean => caller.accountId === accountId || caller.role === 'admin'
  const callbacks: Record<NoticeKind, ((notice: Notice) => unknown) | undefined> = {
    escalation: options.onEscalation as never, delegate: options.onDelegate as never, owner: options.onOwner as never,
  }
  const names: Record<NoticeKind, string> = { escalation: 'onEscalation', delegate: 'onDelegate', owner: 'onOwner' }
  let away = false // the store is unreachable: said once per outage
  /** Journey ids refused, told once each on `log` (at most 100: a client making ids up fills nothing). */
  const refused = new Set<string>()
  /**
   * The journey file of an id (undefined without `journeys`: any id is taken), or the answer that
   * refuses the request: `403` for an id not one of this handler's journeys, `503` while the lookup
   * fails (a tenant's journey database away must not open every journey id: bb-r32 own-changes run).
   */
  const journeyOf = async (id: string, cors: Record<string, string>): Promise<Journey | undefined | Response> => {
    if (!journeys) return undefined
    let file: Journey | undefined
    try {
      file = await journeys(id)
    } catch {
      return json(503, { error: 'journeys: the lookup failed: retry later' }, { ...cors, 'retry-after': String(RETRY_AFTER_S) })
    }
    if (file) return file
    if (!refused.has(id) && refused.size < 100) refused.add(id), log(`createSyncHandler: journeyId ${JSON.stringify(id)} is not one of this endpoint's journeys: its requests are answered 403`)
    return json(403, { error: `journeyId: ${JSON.stringify(id)} is not one of this endpoint's journeys (the journeys option)` }, cors)
  }

  const notify = async (req: SyncRequest, result: IngestResult, at: number): Promise<void> => {
    const shared = req.scope === 'account'
    /** The user's traits: the batch's, else (none, or `{}`: see below) the ones the server keeps. */
    let traits: Traits | undefined = req.traits
    /**
     * An account's notice is told as the watch and the webhook forwarder tell it: with the traits the
     * server keeps for the account (an account batch carries none) and its members, so a milestone
     * whose audience reads `account.*` is found.
     */
    let account: NoticeContext | undefined
    for (const draft of [...noticesOf(result.inserted), ...(result.notices ?? [])]) {
      const { kind, event, levels } = draft
      // Its notice's kind is `kind`, so each callback gets the notice it is typed for.
      const deliver = callbacks[kind]
      if (!deliver || draft.covered) continue
      if (!shared && !traits) traits = (await store.getUser?.(req.journeyId, req.userId).catch(() => null))?.traits ?? {}
      if (shared && !account) {
        const who = await store.getUser?.(req.journeyId, req.accountId!, 'account').catch(() => null)
        account = who
          ? { view: viewOf(who), ...(who.members ? { members: who.members } : {}) }
          : { view: { scope: 'account', traits: req.accountTraits ?? {} } }
      }
      const pending = {
        kind, journeyId: req.journeyId, userId: shared ? req.accountId! : req.userId, event, attempts: 0,
        ...(shared ? { accountId: req.accountId! } : traits && Object.keys(traits).length ? { traits } : {}), ...(levels ? { levels } : {}),
      }
      const context: NoticeContext = shared ? account! : { view: { scope: 'user', traits: traits ?? {} } }
      try {
        await deliver(await describeNotice(pending, result.progress, at, journeys, context))
      } catch (error) {
        log(`${names[kind]} failed for event ${event.id}`, error)
      }
    }
  }

  const sync = async (request: Request, caller: Caller, cors: Record<string, string>): Promise<Response> => {
    // A page of another origin can POST a text/plain body without a preflight, and a browser applies
    // it before CORS hides the answer: with a session cookie, any site could write a signed-in user's
    // progress. A browser says where a request comes from (Sec-Fetch-Site): from another origin, only
    // one in `allowOrigin` may write (a client there needs it anyway to read its answers).
    const site = request.headers.get('sec-fetch-site')
    if ((site ? site === 'cross-site' || site === 'same-site' : foreignOrigin(request)) && !cors['access-control-allow-origin']) {
      return json(403, { error: 'origin: not allowed to write here (allowOrigin)' }, cors)
    }
    const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
    if (!TYPES.includes(type)) return json(415, { error: 'content-type: send text/plain or application/json' }, cors)
    const text = await readCapped(request, maxBodyBytes)
    if (text === null) return json(413, { error: `body: larger than ${maxBodyBytes} bytes` }, cors)
    const at = now()
    const latest = at + MAX_SKEW_MS
    const parsed = parseSyncRequest(text, maxBodyBytes, latest)
    if ('error' in parsed) return json(parsed.status, { error: parsed.error }, cors)
    const { request: req, rejected } = parsed
    // Empty traits are none: a client that named its user without traits (identify() back to them),
    // or a teammate's account without them, leaves the traits kept for that user or account, which
    // the watch, the dashboard and the notices read.
    for (const key of ['traits', 'accountTraits'] as const) if (req[key] && !Object.keys(req[key]).length) delete req[key]
    if (!may(caller, req.userId)) return json(403, { error: 'userId: you may not write this user\'s progress' }, cors)
    if (req.accountId !== undefined && !mayAccount(caller, req.accountId)) return json(403, { error: 'accountId: you may not act for this account' }, cors)
    const shared = req.scope === 'account'
    const clamped = req.events.map((e) => (e.at > latest ? { ...e, at: latest } : e))
    const journey = await journeyOf(req.journeyId, cors)
    if (journey instanceof Response) return journey
    // Escalations the server's evaluation does not find due, and delegations past the caps, are refused.
    // An admin (support tools, imports of past data) is trusted with escalations it sends.
    const trusted = caller.role === 'admin'
    const verified = await verifyNotices({ store, journey, request: req, events: clamped, now: at, trusted })
    const events = verified.events
    rejected.push(...verified.rejected)
    const progress = clientDocument(req.progress, trusted, shared, journey)
    // An account's batch is the same write on the account's document (its own key space).
    const result = await ingestIsolated(store, {
      journeyId: req.journeyId, events, now: at, ...(progress ? { progress } : {}), ...(journey ? { journey } : {}),
      ...(shared
        ? { userId: req.accountId!, scope: 'account' as const }
        : {
            userId: req.userId, ...(req.traits ? { traits: req.traits } : {}),
            ...(req.accountId !== undefined ? { accountId: req.accountId } : {}), ...(req.accountTraits ? { accountTraits: req.accountTraits } : {}),
          }),
    }, rejected, log)
    await notify(req, result, at)
    const refused = new Set(rejected.map((r) => r.id))
    const body: Omit<SyncResponse, 'progress'> = { batchId: req.batchId, acked: events.map((e) => e.id).filter((id) => !refused.has(id)), rejected }
    // The document is the bulk of the answer: splice in the JSON the store already made.
    const answer = `${JSON.stringify(body).slice(0, -1)},"progress":${result.progressJson ?? JSON.stringify(result.progress)}}`
    return json(200, answer, cors)
  }

  const read = async (request: Request, caller: Caller, cors: Record<string, string>): Promise<Response> => {
    const query = new URL(request.url).searchParams
    const userId = query.get('userId')
    const accountId = query.get('accountId')
    const journeyId = query.get('journeyId')
    if (!(userId || accountId) || !journeyId) return json(400, { error: 'query: userId (or accountId) and journeyId are required' }, cors)
    if (userId && !may(caller, userId)) return json(403, { error: 'userId: you may not read this user\'s progress' }, cors)
    const refusal = await journeyOf(journeyId, cors)
    if (refusal instanceof Response) return refusal
    // With accountId, the answer is the account's document.
    if (accountId) {
      if (!mayAccount(caller, accountId)) return json(403, { error: 'accountId: you may not read this account\'s progress' }, cors)
      const progress = (await store.getProgress(journeyId, accountId, 'account')) ?? emptyProgress(accountId)
      return json(200, { progress }, cors)
    }
    const progress = (await store.getProgress(journeyId, userId!)) ?? emptyProgress(userId!)
    return json(200, { progress }, cors)
  }

  return async (request) => {
    const cors = corsHeaders(options.allowOrigin, request)
    try {
      const route = routeOf(request)
      if (!route) return json(404, { error: 'not found: use POST …/sync or GET …/progress' }, cors)
      if (request.method === 'OPTIONS' && options.allowOrigin) return preflight(cors, request)
      const method = route === 'sync' ? 'POST' : 'GET'
      if (request.method !== method) return json(405, { error: `method: use ${method}` }, { ...cors, allow: method })
      const caller = await authorize(request)
      if (!caller || typeof caller.userId !== 'string') return json(401, { error: 'not authorized' }, cors)
      const response = await (route === 'sync' ? sync(request, caller, cors) : read(request, caller, cors))
      if (away) (away = false), log('the store answers again')
      return response
    } catch (error) {
      if (isUnavailable(error)) {
        // A race lost on every try (the SQL stores run a transaction again) is a busy store, not one away.
        if (isConflict(error)) log('a request lost a deadlock or serialization race on every try: answered 503, the client retries', error)
        else if (!away) (away = true), log('the store is unreachable: answering 503 until it is back', error)
        return json(503, { error: 'store unavailable: retry later' }, { ...cors, 'retry-after': String(RETRY_AFTER_S) })
      }
      log(`${request.method} ${new URL(request.url).pathname} failed`, error)
      return json(500, { error: 'internal error' }, cors)
    }
  }
}
