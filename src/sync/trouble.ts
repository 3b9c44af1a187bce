// A sync endpoint's answers other than an acknowledgement (docs/sync-protocol.md, "Status codes").
// The script tag's first file does not carry this: rollup.config.mjs's `lazyChunks` makes it a file
// of its own, dist/milepost-trouble.min.js, that trouble.lazy.ts loads from beside the script the
// first time a server answers so (npm builds import it as it is). An answer means the network works,
// so the file can load; no answer at all (offline, CORS, a timeout) stays in the first file
// (client.ts). It takes what it works on as arguments, so the file bundles none of the client's state.
import type { ProgressEvent } from '../core/index'
import type { Reply } from '../adapters/transport'
import { CAP_MS, retryAfterMs } from './backoff'
import { verdictOf } from './status'

/** What the answers work on: the sync client's own (sync/client.ts). */
export interface SyncParts {
  report: (message: string, status: number) => void
  /** Backs off; `floor` is a pause or the server's Retry-After. Returns false. */
  retry: (floor?: number, server?: boolean) => boolean
  /** Deletes events from the outbox, setting `rejected` aside. */
  drop: (events: readonly ProgressEvent[], rejected: ReadonlySet<string>) => Promise<void>
  /** The batch is too large: at most `max` events from now on. */
  split: (max: number) => void
  wall: () => number
}

/**
 * The server's own word on a refusal, `{ "error": "…" }` (the reference handler's: "journeyId: … is
 * not one of this endpoint's journeys"), as " (…)": a 403 had read as a sign-in problem only.
 */
const why = (text: string): string => {
  try {
    const error = JSON.parse(text)?.error
    return typeof error == 'string' ? ` (${error.slice(0, 200)})` : ''
  } catch {
    return ''
  }
}

/**
 * What an answer other than an acknowledgement means; true when the next request may go at once
 * (a batch halved, or refused for good and set aside). `get`: the answer to GET …/progress, which
 * gave no document.
 */
export const syncTrouble = async (reply: Reply, events: readonly ProgressEvent[], p: SyncParts, get?: boolean): Promise<boolean> => {
  const { status } = reply
  let verdict = verdictOf(status)
  if (get) {
    const said = `GET …/progress answered HTTP ${status}${why(reply.text)}: `
    if (status == 200) return p.report(said + 'no progress document, retrying', 200), p.retry()
    if (verdict == 'pause' || verdict == 'reject') return p.report(said + 'retrying every 5 minutes', status), p.retry(CAP_MS)
  }
  // A 200 that does not acknowledge the batch: kept for a retry.
  if (verdict == 'ok') verdict = 'odd'
  const said = `the sync endpoint answered HTTP ${status}${why(reply.text)}: `
  if (verdict == 'split' && events.length > 1) return p.split(Math.ceil(events.length / 2)), true
  if (verdict == 'reject' || verdict == 'split') {
    // A document push (no events): the client sends it again after its next batch.
    if (!events.length) return p.report(`the endpoint refused the progress document (HTTP ${status}): sent again after the next batch or check`, status), true
    p.report(`the endpoint refused a batch (HTTP ${status}): its events are kept locally and not resent`, status)
    await p.drop(events, new Set(events.map((e) => e.id)))
    return true
  }
  if (verdict == 'pause') return p.report(said + 'check the endpoint; retrying every 5 minutes', status), p.retry(CAP_MS)
  p.report(said + (verdict == 'auth' ? 'retrying (with fresh headers from getHeaders(), when given)' : verdict == 'odd' ? 'not an acknowledgement, retrying' : 'retrying'), status)
  // A date counts from the server's own clock (its `Date`), not the device's: a device 3 hours slow
  // waited an hour (the clamp) for a 10 s Retry-After, and one 3 hours fast ignored it.
  const h = reply.headers
  const after = retryAfterMs(h?.get('retry-after') ?? null, Date.parse(h?.get('date') ?? '') || p.wall())
  return p.retry(after, after !== undefined)
}
