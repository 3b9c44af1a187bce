/**
 * Posts escalations and delegated steps from the store's outbox to a webhook (chat, email, CRM glue).
 * Each notice is claimed before it is sent and marked delivered after a 2xx, so several forwarders
 * can share one database and a notice delivered once is never posted again.
 */
import { defaultLog } from './log'
import { emptyProgress } from '../core'
import { describeNoticeAsMade, journeyLookup } from './notice'
import { viewOf } from './watcher'
import type { Journeys } from './notice'
import type { Journey } from '../core/types'
import { isWebhookSecret, signWebhook } from './signature'
import type { PendingNotice, SyncStore } from './store'

/** `next_at` of a notice given up: never due again (a row to resend is set back by hand, see watch.md). */
export const GAVE_UP = Number.MAX_SAFE_INTEGER

export interface WebhookForwarderOptions {
  /** Where notices are posted as JSON, e.g. `process.env.ESCALATION_WEBHOOK_URL`. */
  url: string
  store: SyncStore
  /**
   * Signs each post with the Standard Webhooks scheme (`webhook-id`, `webhook-timestamp`,
   * `webhook-signature`); receivers check it with `verifyWebhook`. A `whsec_<base64>` secret: anything
   * else throws at creation. Several secrets (rotation: the new one and the old one) sign each post
   * with each, the signatures space-separated in one `webhook-signature`, so a receiver that knows
   * either accepts it.
   */
  secret?: string | readonly string[]
  /** Extra headers. */
  headers?: Record<string, string>
  /**
   * The wait after a notice's first failed post. Each failure reschedules the notice (its next try
   * is stored with it, no flush waits): the n-th failure waits `backoffMs × 2^(n-1)`, at most
   * `maxBackoffMs`, with jitter (a random point of the upper half of that wait). @default 5000
   */
  backoffMs?: number
  /** Longest wait between two tries of one notice. @default 21600000 (6 hours) */
  maxBackoffMs?: number
  /**
   * Tries of one notice before it is given up: marked failed (never claimed again, its last error
   * kept), logged and passed to `onGiveUp`. The default gives a receiver about a day. @default 18
   */
  maxAttempts?: number
  /** Told of each notice given up, with its last error. */
  onGiveUp?: (notice: PendingNotice, error: string) => void | Promise<void>
  /** Notices posted at once (one user's in order, one at a time). @default 4 */
  concurrency?: number
  /** How long a claim hides a notice from other forwarders; longer than one round (20 notices). @default 600000 */
  leaseMs?: number
  /** Per request. @default 10000 */
  timeoutMs?: number
  /**
   * The journey files (an array), or a function from a journey id to its file: the body describes
   * the notice's milestone. Listed files also say which notices this forwarder delivers: only those
   * of its journeys (each tenant's forwarder on one store posts its own tenant's notices). With a
   * function, or none, it delivers every notice in the store's outbox.
   */
  journeys?: Journeys
  fetch?: typeof fetch
  /** The clock that schedules tries; `webhook-timestamp` is always the real one (`Date.now`). @default Date.now */
  now?: () => number
  /** @deprecated Ignored: a failed post is rescheduled, never retried within a flush. */
  retries?: number
  /** @deprecated Ignored: no flush waits between tries. */
  sleep?: (ms: number) => Promise<void>
  log?: (message: string, error?: unknown) => void
}

export interface WebhookForwarder {
  /**
   * Tries each due notice once and returns: how many were delivered, how many failed and wait for
   * their next try, and how many were given up (`maxAttempts` reached).
   */
  flush(): Promise<{ delivered: number; failed: number; gaveUp: number }>
  /**
   * Flushes every `intervalMs`; returns what stops it. Once stopped, no flush claims a notice and
   * one under way ends after the posts in flight (at most `timeoutMs`): the notices it had claimed
   * and not tried are due again at once, for the next process. @default 5000
   */
  start(intervalMs?: number): () => void
}

/** Notices claimed per round, and rounds per flush at most. */
const BATCH = 20
const ROUNDS = 50

/**
 * Creates a forwarder over the store's outbox.
 * @example
 * const forwarder = createWebhookForwarder({ url: process.env.ESCALATION_WEBHOOK_URL!, store })
 * const stop = forwarder.start()
 */
export const createWebhookForwarder = (options: WebhookForwarderOptions): WebhookForwarder => {
  const { url, store, backoffMs = 5000, maxBackoffMs = 21_600_000, maxAttempts = 18, leaseMs = 600_000 } = options
  const log = options.log ?? defaultLog
  const journeys = journeyLookup('createWebhookForwarder', options.journeys, { log })
  const journeyIds = Array.isArray(options.journeys) ? (options.journeys as readonly Journey[]).map((j) => j.id) : undefined
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 4))
  const now = () => Math.floor((options.now ?? Date.now)()) // whole milliseconds, as the stores keep times
  const post = options.fetch ?? fetch
  /** The wait after the n-th failed try (n ≥ 1): exponential, capped, "equal jitter" (between half and all of it), at least 1 ms. */
  const wait = (n: number): number => {
    const d = Math.min(maxBackoffMs, backoffMs * 2 ** Math.min(n - 1, 52))
    return Math.max(1, Math.round(d / 2 + (Math.random() * d) / 2))
  }
  // Only http(s): a file:, data: or other scheme is a configuration mistake, said at once.
  if (!/^https?:$/.test(new URL(url).protocol)) throw new TypeError(`createWebhookForwarder: url must be http(s), got ${new URL(url).protocol}`)
  // A secret that cannot sign would fail every post for a day (maxAttempts) before anyone heard. Not echoed.
  const secrets: readonly unknown[] = options.secret === undefined ? [] : Array.isArray(options.secret) ? options.secret : [options.secret]
  if ((Array.isArray(options.secret) && secrets.length === 0) || !secrets.every(isWebhookSecret)) {
    throw new TypeError(`createWebhookForwarder: secret must be a Standard Webhooks secret, whsec_ followed by base64 (make one with crypto.randomBytes(32))${Array.isArray(options.secret) ? ', or a non-empty array of them' : ''}`)
  }
  const keyOf = (notice: PendingNotice): string => [notice.journeyId, notice.userId, notice.event.id].map(encodeURIComponent).join(':')

  const attempt = async (notice: PendingNotice, body: string): Promise<string | null> => {
    const key = keyOf(notice)
    try {
      const signed: Record<string, string> = {}
      if (secrets.length) {
        // When this request is sent, from the real clock: a receiver checks it against its own (a
        // 5-minute window). `now` only schedules the tries, and may be moved (tests, replays).
        const timestamp = Math.floor(Date.now() / 1000)
        Object.assign(signed, { 'webhook-id': key, 'webhook-timestamp': String(timestamp), 'webhook-signature': (await Promise.all(secrets.map((secret) => signWebhook(secret as string, key, timestamp, body)))).join(' ') })
      }
      const response = await post(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key, ...options.headers, ...signed },
        body,
        // A redirect is a failure, never followed: it could point the notice at an internal address.
        redirect: 'manual',
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      })
      await response.body?.cancel().catch(() => undefined)
      if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) return `redirect (HTTP ${response.status}) refused`
      return response.ok ? null : `HTTP ${response.status}`
    } catch (error) {
      return error instanceof Error ? error.message : String(error)
    }
  }

  /** The body, made once per claim from the notice as it was made (the same on every try). */
  const bodyOf = async (notice: PendingNotice): Promise<string> => {
    // An account's notice is told from the account's document, with its traits and members.
    const scope = notice.accountId ? 'account' as const : undefined
    const who = await store.getUser?.(notice.journeyId, notice.userId, scope).catch(() => null)
    const progress = who?.progress ?? (await store.getProgress(notice.journeyId, notice.userId, scope)) ?? emptyProgress(notice.userId)
    const context = who ? { view: viewOf(who), ...(who.members ? { members: who.members } : {}) } : {}
    return JSON.stringify(await describeNoticeAsMade(notice, progress, journeys, context))
  }

  type Outcome = 'delivered' | 'failed' | 'gaveUp'
  /** One try of one notice, then its settlement: delivered, rescheduled, or given up. */
  const deliver = async (notice: PendingNotice, tried: Map<string, { retryAt: number; error: string }>): Promise<Outcome> => {
    // Stopped before its turn: not tried, due again at once for the next process.
    if (stopped) {
      await store.settleNotice(notice, { delivered: false, attempts: 0, retryAt: now(), error: 'not sent: the forwarder stopped' })
      return 'failed'
    }
    let error: string | null
    try {
      error = await attempt(notice, await bodyOf(notice))
    } catch (e) {
      error = `not sent: ${e instanceof Error ? e.message : String(e)}`
    }
    if (error === null) {
      await store.settleNotice(notice, { delivered: true, attempts: 1, now: now() })
      return 'delivered'
    }
    const tries = notice.attempts + 1
    if (tries >= maxAttempts) {
      const reason = `gave up after ${tries} tries: ${error}`
      await store.settleNotice(notice, { delivered: false, attempts: 1, retryAt: GAVE_UP, error: reason })
      log(`webhook ${reason} (${notice.kind} ${notice.event.id} of ${notice.userId} on ${notice.journeyId}); marked failed`)
      await Promise.resolve(options.onGiveUp?.(notice, error)).catch((e: unknown) => log('webhook onGiveUp failed', e))
      return 'gaveUp'
    }
    const retryAt = now() + wait(tries)
    tried.set(keyOf(notice), { retryAt, error })
    await store.settleNotice(notice, { delivered: false, attempts: 1, retryAt, error })
    log(`webhook failed for ${notice.kind} ${notice.event.id} of ${notice.userId} on ${notice.journeyId} (${error}); try ${tries} of ${maxAttempts}, next at ${new Date(retryAt).toISOString()}`)
    return 'failed'
  }

  let running: Promise<{ delivered: number; failed: number; gaveUp: number }> | undefined
  let stopped = false
  const flushOnce = async () => {
    const tally = { delivered: 0, failed: 0, gaveUp: 0 }
    // Each notice is tried at most once per flush: a failure is rescheduled (its next try stored
    // with it), so a flush is a bounded pass over what is due, and never waits between tries.
    const tried = new Map<string, { retryAt: number; error: string }>()
    for (let round = 0; round < ROUNDS && !stopped; round++) {
      const claimed = await store.claimNotices({ now: now(), until: now() + leaseMs, limit: BATCH, ...(journeyIds ? { journeyIds } : {}) })
      const fresh = claimed.filter((n) => !tried.has(keyOf(n)))
      // One tried already (due again at once: a clock set back) is left for the next flush.
      for (const n of claimed) {
        const again = tried.get(keyOf(n))
        if (again) await store.settleNotice(n, { delivered: false, attempts: 0, retryAt: Math.max(again.retryAt, now() + 1), error: again.error })
      }
      if (fresh.length === 0) break
      for (const n of fresh) tried.set(keyOf(n), { retryAt: now() + 1, error: 'not sent' })
      // One user's notices in order, one at a time; up to `concurrency` users at once. A receiver
      // that hangs costs each notice one `timeoutMs`, never a wait for the others' retries.
      const queues = new Map<string, PendingNotice[]>()
      for (const n of fresh) {
        const k = JSON.stringify([n.journeyId, n.userId])
        queues.set(k, [...(queues.get(k) ?? []), n])
      }
      const lines = [...queues.values()]
      const worker = async () => {
        for (let line = lines.shift(); line; line = lines.shift()) {
          for (const n of line) {
            const outcome = await deliver(n, tried).catch((error: unknown) => {
              log(`webhook settling ${n.event.id} failed`, error)
              return 'failed' as const
            })
            tally[outcome]++
          }
        }
      }
      await Promise.all(Array.from({ length: Math.min(concurrency, lines.length) }, worker))
      if (claimed.length < BATCH) break
    }
    return tally
  }
  const flush = () => {
    running ??= flushOnce().finally(() => (running = undefined))
    return running
  }

  return {
    flush,
    start: (intervalMs = 5000) => {
      const timer = setInterval(() => void flush().catch((error: unknown) => log('webhook flush failed', error)), intervalMs)
      timer.unref?.()
      return () => {
        clearInterval(timer)
        stopped = true
      }
    },
  }
}
