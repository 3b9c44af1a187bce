/**
 * What a sync answer means for the client (docs/sync-protocol.md, "Status codes"):
 * - `retry`: no answer (offline, CORS, CSP, timeout), 408, 425, 429 and 5xx: back off and retry, forever;
 * - `split`: 413, the batch is too large: halve it;
 * - `auth`: 401/403: retry with fresh `getHeaders()`, backing off;
 * - `pause`: 404, 405, 410, 501, 505, a wrong endpoint: report once, retry only every 5 minutes;
 * - `reject`: any other 4xx: set the batch aside (kept locally, never resent) and report;
 * - `odd`: anything else that is not a 200 (a 204, a redirect's answer): not an acknowledgement, retry.
 */
export type Verdict = 'ok' | 'retry' | 'split' | 'auth' | 'pause' | 'reject' | 'odd'

export const verdictOf = (status: number): Verdict =>
  status == 200 ? 'ok'
    : status == 413 ? 'split'
    : status == 401 || status == 403 ? 'auth'
    : [404, 405, 410, 501, 505].includes(status) ? 'pause'
    : status == 0 || status == 408 || status == 425 || status == 429 || status >= 500 ? 'retry'
    : status >= 400 ? 'reject'
    : 'odd'
