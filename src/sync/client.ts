// The sync loop of one user: sends the outbox in batches, merges what the server answers, and
// never gives up on progress. docs/sync-protocol.md is the contract; src/protocol.ts the shapes.
import { sanitizeProgress } from '../core/index'
import type { Progress, ProgressEvent, Traits } from '../core/index'
import type { KeyStore } from '../adapters/storage'
import type { Reply, Transport } from '../adapters/transport'
import { MAX_BYTES, MAX_EVENTS, PROTOCOL, parseSyncResponse } from '../protocol'
import { backoff } from './backoff'
import { byTime, takeBatch } from './batch'
import { missingChunks } from './chunks'
import { FOLDED } from './fold'
import { syncTrouble } from './trouble'
import { stringify } from '../core/json'

/** Wait after a change before sending, so a burst of changes goes in one request. */
export const DEBOUNCE_MS = 1000

const bytes = (text: string): number => new TextEncoder().encode(text).length

export interface SyncOptions {
  /** The sync endpoint, e.g. `/api/milepost`: the client calls `…/sync` and `…/progress`. */
  endpoint: string
  journeyId: string
  userId: string
  store: KeyStore
  /** This user's storage prefix: the outbox is `prefix + 'out:' + eventId`. */
  prefix: string
  transport: Transport
  /** Headers for one request (static ones plus a fresh `getHeaders()`); may reject. */
  headers: () => Promise<Record<string, string>>
  traits: () => Traits
  /** The local document now. */
  local: () => Progress
  /** Takes in a server document (merge, save, show). */
  merge: (server: Progress) => unknown
  /** Whether this tab talks to the server now: the leader, or a tab whose storage is its own. */
  leads: () => boolean
  /** A problem worth telling the host, with the HTTP status (0: no answer). */
  report: (message: string, status: number) => void
  random: () => number
  /** Wall clock, for `Retry-After` dates. */
  wall: () => number
  /** Monotonic clock for backoff, which a system clock jump must not stall. */
  monotonic: () => number
  newId: () => string
  /**
   * Whether the browser says it is offline (`navigator.onLine === false`): then nothing is sent
   * (each failed request would print an error in the host's console) until `online()`.
   * @default never offline
   */
  offline?: () => boolean
  /**
   * Whether events applied to the local document are still being written, not yet in the outbox:
   * the anti-entropy check then waits for them (it would find them missing on the server and push
   * them a second time, loading the script tag's splitting file for nothing). @default never
   */
  busy?: () => boolean
  /** The user's account: sent with every request, so the server records the user as its member. */
  accountId?: string
  /** The account's traits, sent with `accountId`. */
  accountTraits?: () => Traits
  /**
   * `account`: this client syncs the account's document (`accountId` required): its events and
   * document go to the account, `local()` and `merge` are the account's, and its outbox has its own
   * `prefix`. One client per document. @default the user's document
   */
  scope?: 'account'
}

export const createSync = (o: SyncOptions) => {
  const base = o.endpoint.replace(/\/+$/, '')
  const shared = o.scope == 'account' && o.accountId != null
  /** Whose document this client syncs: the `userId` field of that document. */
  const owner = shared ? o.accountId! : o.userId
  let timer: ReturnType<typeof setTimeout> | undefined
  let due = Infinity // when the timer fires (monotonic)
  let retryAt = 0 // no request before this (monotonic): backoff or Retry-After
  let hold = 0 // not even flush() before this: the server's Retry-After
  let attempt = 0
  let max = MAX_EVENTS // halved on 413, and stays so: the server's cap does not change within a page
  let running: Promise<void> | undefined
  let again = false
  let stopped = false
  let pull = true // fetch the server's document first (`recheck`)
  let pushed = false // anti-entropy: the local document was checked against the server's (`recheck`)
  let pushing: Progress[] = [] // the parts of the local document the server lacks, still to send
  let waitsOnline = false // offline: said once, then silent until online()
  let server: Progress | undefined
  let lastHeaders: Record<string, string> | undefined
  let beaconed = ''
  /** The outbox: this tab's saved events as `changed()` gives them, the stored ones when `stale`. */
  const unsent = new Map<string, ProgressEvent>()
  // The stored outbox may hold what `unsent` lacks: at the start (an earlier page's, a tab that led
  // before this one), after another tab saved (`poke`), and after a fold took events out of it.
  let stale = true
  /** What `changed()` gave while the stored outbox was being read (that read may predate it). */
  let during: Map<string, ProgressEvent> | undefined

  const now = o.monotonic
  /**
   * Pulls the server's document first, then checks it has all this browser has (anti-entropy): as
   * a tab starts, is seen again, comes back online, and every 10 minutes while it leads, so a server
   * restored from a backup or wiped gets back what an open page holds.
   */
  const recheck = (ms: number) => {
    pull = true
    pushed = false
    schedule(ms, true)
  }
  const tick = setInterval(() => o.leads() && recheck(0), 600_000)
  /** Runs a pass in `ms` unless one is already due sooner; never before `retryAt`. */
  const schedule = (ms: number, force?: boolean) => {
    if (stopped) return
    const at = Math.max(now() + ms, retryAt)
    if (!force && at >= due) return
    clearTimeout(timer)
    due = at
    timer = setTimeout(() => {
      due = Infinity
      void pass(false)
    }, at - now())
  }
  /** Backs off; `floor` is a pause or the server's Retry-After (then even flush() waits). */
  const retry = (floor = 0, server?: boolean): boolean => {
    const wait = Math.max(floor, backoff(attempt++, o.random))
    retryAt = now() + wait
    if (server) hold = now() + floor
    schedule(wait, true)
    return false
  }
  const succeeded = () => {
    attempt = 0
    retryAt = 0
  }

  // No Content-Type of its own: fetch gives a string body `text/plain;charset=UTF-8`, the type a
  // browser sends across origins without a preflight (sync-protocol.md).
  const headers = async () => {
    try {
      lastHeaders = await o.headers() // a new object each time (sync/start.ts)
    } catch (error) {
      o.report('getHeaders() failed: ' + error, 0)
      lastHeaders = {}
    }
    return lastHeaders
  }
  const envelope = (events: ProgressEvent[], batchId: string, progress?: Progress) => {
    // A field left undefined is left out of the JSON (an account's only with `accountId`).
    const body: Record<string, unknown> = {
      protocol: PROTOCOL, batchId, userId: o.userId, journeyId: o.journeyId, events, traits: o.traits(),
      accountId: o.accountId ?? undefined, accountTraits: o.accountId == null ? undefined : o.accountTraits?.(), scope: shared ? 'account' : undefined, progress,
    }
    // Traits that would fill half a request go without (the server keeps those it has): else no
    // request fits, and every batch is refused as too large.
    if (bytes(JSON.stringify([body.traits, body.accountTraits])) > MAX_BYTES / 2) {
      body.traits = body.accountTraits = undefined // left out of the JSON
      o.report('traits over 24 KB are not sent', 0)
    }
    return stringify(body)
  }
  const post = async (body: string) =>
    o.transport(base + '/sync', { method: 'POST', body, headers: await headers() })

  /** Takes in a server document; false when it is not this client's (the user's, or the account's). */
  const take = async (doc: unknown): Promise<boolean> => {
    const progress = sanitizeProgress(doc, owner)
    if (!progress) return false
    server = progress
    await o.merge(progress)
    return true
  }
  /**
   * Deletes acked events and sets rejected ones aside, in one transaction. What is set aside still
   * counts locally, so the document is checked against the server's once more (anti-entropy).
   */
  const drop = async (events: readonly ProgressEvent[], rejected: ReadonlySet<string>) => {
    if (rejected.size) pushed = false
    const byKey = new Map(events.map((e) => [o.prefix + 'out:' + e.id, e]))
    const aside = [...rejected].map((id) => o.prefix + 'quarantine:out:' + id)
    await o.store.update([...byKey.keys(), ...aside], (key, old) => (key.startsWith(o.prefix + 'quarantine:') ? old ?? byKey.get(key.replace('quarantine:', '')) : undefined))
    for (const e of events) unsent.delete(e.id)
  }

  /**
   * What one answer means; true when the next request may go at once. `more`: whether anything
   * waits after an acknowledged batch (else the next change's debounce sends it). No answer (offline,
   * CORS, a timeout) backs off here; any other answer is trouble.ts's (the script tag loads it from
   * beside itself). `get`: GET …/progress's answer, which gave no document.
   */
  const handle = async (reply: Reply, events: ProgressEvent[], batchId: string, more = false, get?: boolean): Promise<boolean> => {
    const ack = !get && reply.status == 200 && parseSyncResponse(reply.text, batchId)
    if (ack) {
      const rejected = new Set(ack.rejected.map((r) => r.id))
      const gone = events.filter((e) => ack.acked.includes(e.id) || rejected.has(e.id))
      // An answer that accounts for none of its batch (an endpoint that leaves duplicates out of
      // `acked`) is no acknowledgement: trouble.ts reports it and backs off. Sent again at once, the
      // same batch went hundreds of times a second, and the events after it never.
      if (gone[0] || !events[0]) {
        await drop(gone, rejected)
        if (ack.rejected.length) o.report(`the server refused an event, kept locally: ${ack.rejected[0]!.reason}`, 200)
        succeeded()
        await take(ack.progress)
        return more
      }
    }
    if (!reply.status) return o.report('the sync endpoint could not be reached: retrying', 0), retry()
    return syncTrouble(reply, events, { report: o.report, retry, drop, split: (n) => (max = n), wall: o.wall }, get)
  }

  /** GET the server's document and merge it: progress follows the user to a new device. */
  const fetchServer = async (): Promise<boolean> => {
    const query = `?${shared ? 'accountId' : 'userId'}=${encodeURIComponent(owner)}&journeyId=${encodeURIComponent(o.journeyId)}`
    const reply = await o.transport(base + '/progress' + query, { method: 'GET', headers: await headers() })
    if (reply.status == 200) {
      let body: { progress?: unknown } | undefined
      try {
        body = JSON.parse(reply.text)
      } catch {
        // not JSON: a portal page
      }
      if (body && (await take(body.progress))) {
        succeeded()
        return true
      }
    }
    return handle(reply, [], '', false, true)
  }

  /** Offline: no request (said once per offline spell); `online()` starts again. */
  const offline = (): boolean => {
    if (!o.offline?.()) return false
    if (!waitsOnline) o.report('offline: progress is kept here until online', 0)
    waitsOnline = true
    clearTimeout(timer)
    due = Infinity
    return true
  }

  /** One request; true when another may follow at once. */
  const round = async (force: boolean): Promise<boolean> => {
    // Every tab pulls the server's document as it starts and when it is seen again (a step done on
    // another device shows in a tab opened while another leads); only the leader sends.
    const leads = force || o.leads()
    if (stopped || !(leads || pull) || offline()) return false
    if ((force ? hold : retryAt) > now()) {
      // A timer may fire a little before the monotonic clock reaches `retryAt`: plan it again.
      if (!force) schedule(0, true)
      return false
    }
    if (pull) {
      if (!(await fetchServer())) return false
      pull = false
    }
    if (!leads) return false
    // A tab that does not lead (flush()) reads what is stored: the leader sends and deletes from it.
    if (stale || !o.leads()) {
      stale = false // a poke during the read makes it stale again
      const saved = (during = new Map())
      const stored = (await o.store.read(o.prefix + 'out:').finally(() => (during = undefined)))
        .map(([, e]) => e as ProgressEvent)
        .filter((e) => e && typeof e == 'object' && typeof e.id == 'string' && typeof e.at == 'number')
      unsent.clear()
      for (const e of [...stored, ...saved.values()]) unsent.set(e.id, e)
    }
    const outbox = [...unsent.values()].sort(byTime)
    const batchId = o.newId()
    if (outbox.length) {
      const events = takeBatch(outbox, max, envelope([], batchId))
      const more = outbox.length > events.length
      const next = await handle(await post(envelope(events, batchId)), events, batchId, more)
      // Drained: a later round checks the document against the server's (below), once a page, or
      // again when events were folded out of the outbox (a storage read, no request otherwise).
      if (!more && !retryAt) schedule(DEBOUNCE_MS)
      return next
    }
    // Anti-entropy, once a page with an empty outbox (and again after events were set aside or
    // folded): the server lacks something this browser has (a server restored from a backup,
    // events set aside): send what it lacks, in as many requests as it takes.
    if (!pushing.length) {
      // Events folded out of the outbox (by any tab's writer): their effect is in the document.
      const owed = server && (await o.store.read(o.prefix + FOLDED)).length > 0
      if (owed) {
        pushed = false
        await o.store.update([o.prefix + FOLDED], () => undefined)
      }
      if (pushed || !server) return false
      // Events still being written, or saved during the read above: they go first, then the check.
      if (o.busy?.() || unsent.size) return schedule(DEBOUNCE_MS), false
      // Awaited: the script tag loads the splitting from beside itself (chunks.lazy.ts). Marked
      // pushed once split, so a chunk that failed to load is tried again by the retry.
      pushing = await missingChunks(o.local(), server, MAX_BYTES - bytes(envelope([], batchId)))
      pushed = true
      if (!pushing.length) return false
    }
    // Sent, or refused for good; a retry (false) sends the same part again.
    const reply = await post(envelope([], batchId, pushing[0]))
    if (!(await handle(reply, [], batchId, true))) return false
    // Refused for good (a proxy's 4xx): the whole check again after the next batch, or when the tab
    // is seen again, or at the 10-minute check (a server that keeps refusing gets one more request per
    // batch, and a pull and a push per check).
    // Dropped, what was set aside reached the server only on the user's next page.
    if (reply.status != 200) return (pushing = []), (pushed = false)
    pushing.shift()
    return pushing.length > 0
  }

  const pass = (force: boolean): Promise<void> => {
    if (running) {
      again = true
      return running
    }
    running = (async () => {
      try {
        for (;;) {
          again = false
          if (!(await round(force)) && !(again && !stopped)) break
        }
      } catch (error) {
        o.report('sync failed: ' + error, 0)
        retry()
      } finally {
        running = undefined
      }
    })()
    return running
  }

  return {
    /** Starts (again, when this tab becomes the leader): pulls the server's document, then sends what waits. */
    start() {
      stale = true
      schedule(0)
    },
    /** Events just saved: sent after the debounce, or at once when `urgent` (a milestone done). */
    changed(events: readonly ProgressEvent[], urgent?: boolean) {
      for (const e of events) unsent.set(e.id, e), during?.set(e.id, e)
      schedule(urgent ? 0 : DEBOUNCE_MS)
    },
    /** Another tab saved something: the leader sends it. */
    poke() {
      stale = true
      schedule(DEBOUNCE_MS)
    },
    /** The outbox was folded into the document (see foldOutbox): the next push carries what left it. */
    folded() {
      stale = true
      schedule(DEBOUNCE_MS)
    },
    /** Sends now from any tab, backoff or not (a server's Retry-After is still honoured); resolves after the attempt. */
    flush: () => pass(true),
    /**
     * Pulls the server's document now (the page is seen again: another member or device may have
     * moved on), then sends what waits. The backoff starts over (a tab that slept through a server's
     * outage would wait out minutes of it), but a server's Retry-After still holds.
     */
    refresh() {
      attempt = 0
      retryAt = hold
      recheck(0)
    },
    /** Back online: start over quickly, after 1–2 s (the network settles first). */
    online() {
      waitsOnline = false
      succeeded()
      recheck(1000 * (1 + o.random()))
    },
    /**
     * The page is hidden and may never come back: the unsent events go with `keepalive` (one batch,
     * under the quota), with the headers of the last request, or fresh ones when none went yet (a
     * user switched away from before their first round: without them the batch is refused). Its
     * answer counts only if it arrives with a 200 (one that acknowledges nothing is told as any other).
     */
    async hidden() {
      if (stopped || !o.leads() || !unsent.size || o.offline?.()) return
      const batchId = o.newId()
      const events = takeBatch([...unsent.values()].sort(byTime), MAX_EVENTS, envelope([], batchId))
      const ids = events.map((e) => e.id).join()
      if (ids == beaconed) return
      beaconed = ids
      void o.transport(base + '/sync', { method: 'POST', body: envelope(events, batchId), headers: lastHeaders ?? await headers(), keepalive: true })
        .then((reply) => reply.status == 200 && handle(reply, events, batchId))
        .catch(() => {})
    },
    stop() {
      stopped = true
      clearTimeout(timer)
      clearInterval(tick)
    },
  }
}
