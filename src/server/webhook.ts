/**
 * Posts escalations and delegated steps from the store's outbox to a webhook (chat, email, CRM glue).
 * Each notice is claimed before it is sent and marked delivered after a 2xx, so several forwarders
 * can share one database and a notice delivered once is never posted again.
 */
import { emptyProgress } from '../core'
import { describeNotice } from './notice'
import { viewOf } from './watcher'
import type { JourneyLookup } from './notice'
import { signWebhook } from './signature'
import type { PendingNotice, SyncStore } from './store'

export interface WebhookForwarderOptions {
  /** Where notices are posted as JSON, e.g. `process.env.ESCALATION_WEBHOOK_URL`. */
  url: string
  store: SyncStore
  /**
   * Signs each post with the Standard Webhooks scheme (`webhook-id`, `webhook-timestamp`,
   * `webhook-signature`); receivers check it with `verifyWebhook`. A `whsec_<base64>` secret.
   */
  secret?: string
  /** Extra headers. */
  headers?: Record<string, string>
  /** Further tries of one notice within a flush, waiting `backoffMs`, then twice that, … @default 3 */
  retries?: number
  /** @default 1000 */
  backoffMs?: number
  /** Longest wait between tries; later flushes retry a notice that ran out of tries. @default 300000 */
  maxBackoffMs?: number
  /** How long a claim hides a notice from other forwarders; longer than all tries. @default 600000 */
  leaseMs?: number
  /** Per request. @default 10000 */
  timeoutMs?: number
  journeys?: JourneyLookup
  fetch?: typeof fetch
  now?: () => number
  sleep?: (ms: number) => Promise<void>
  log?: (message: string, error?: unknown) => void
}

export interface WebhookForwarder {
  /** Sends every due notice; resolves with how many were delivered and how many wait for a later try. */
  flush(): Promise<{ delivered: number; failed: number }>
  /**
   * Flushes every `intervalMs`; returns what stops it. Once stopped, no flush claims a notice and
   * one under way ends after its current try (at most `timeoutMs`): what it had not delivered is
   * due again at once, for the next process. @default 5000
   */
  start(intervalMs?: number): () => void
}

/**
 * Creates a forwarder over the store's outbox.
 * @example
 * const forwarder = createWebhookForwarder({ url: process.env.ESCALATION_WEBHOOK_URL!, store })
 * const stop = forwarder.start()
 */
export const createWebhookForwarder = (options: WebhookForwarderOptions): WebhookForwarder => {
  const { url, store, journeys, retries = 3, backoffMs = 1000, maxBackoffMs = 300_000, leaseMs = 600_000 } = options
  const now = options.now ?? Date.now
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
  const post = options.fetch ?? fetch
  const log = options.log ?? ((message: string, error?: unknown) => console.error(`milepost: ${message}`, error ?? ''))
  const wait = (attempt: number): number => Math.min(maxBackoffMs, backoffMs * 2 ** attempt)
  // Only http(s): a file:, data: or other scheme is a configuration mistake, said at once.
  if (!/^https?:$/.test(new URL(url).protocol)) throw new TypeError(`createWebhookForwarder: url must be http(s), got ${new URL(url).protocol}`)

  const attempt = async (notice: PendingNotice, body: string): Promise<string | null> => {
    const key = [notice.journeyId, notice.userId, notice.event.id].map(encodeURIComponent).join(':')
    try {
      const signed: Record<string, string> = {}
      if (options.secret) {
        const timestamp = Math.floor(now() / 1000)
        Object.assign(signed, { 'webhook-id': key, 'webhook-timestamp': String(timestamp), 'webhook-signature': await signWebhook(options.secret, key, timestamp, body) })
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

  const deliver = async (notice: PendingNotice): Promise<boolean> => {
    // An account's notice is told from the account's document, with its traits and members.
    const scope = notice.accountId ? 'account' as const : undefined
    const who = await store.getUser?.(notice.journeyId, notice.userId, scope).catch(() => null)
    const progress = who?.progress ?? (await store.getProgress(notice.journeyId, notice.userId, scope)) ?? emptyProgress(notice.userId)
    const context = who ? { view: viewOf(who), ...(who.members ? { members: who.members } : {}) } : {}
    const body = JSON.stringify(await describeNotice(notice, progress, now(), journeys, context))
    let error: string | null = 'not sent'
    let tries = 0
    // Once stopped, no further try (the one under way ends, within `timeoutMs`): the notice is
    // settled as due now, for the next process to send.
    while (tries <= retries && !stopped) {
      if (tries > 0) await Promise.race([sleep(wait(tries - 1)), stopping])
      if (stopped) break
      tries++
      error = await attempt(notice, body)
      if (error === null) break
    }
    if (error === null) await store.settleNotice(notice, { delivered: true, attempts: tries, now: now() })
    else {
      const retryAt = stopped ? now() : now() + wait(notice.attempts + tries)
      await store.settleNotice(notice, { delivered: false, attempts: tries, retryAt, error })
      if (tries) log(`webhook failed for ${notice.kind} ${notice.event.id} (${error}); next try at ${new Date(retryAt).toISOString()}`)
    }
    return error === null
  }

  let running: Promise<{ delivered: number; failed: number }> | undefined
  let stopped = false
  let stop: () => void = () => {}
  const stopping = new Promise<void>((r) => (stop = r))
  const flushOnce = async () => {
    const tally = { delivered: 0, failed: 0 }
    // Bounded: each round claims what is due now; failures are rescheduled, so they are not claimed again.
    for (let round = 0; round < 1000 && !stopped; round++) {
      const claimed = await store.claimNotices({ now: now(), until: now() + leaseMs, limit: 20 })
      if (claimed.length === 0) break
      for (const notice of claimed) tally[(await deliver(notice)) ? 'delivered' : 'failed']++
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
        stop()
      }
    },
  }
}
