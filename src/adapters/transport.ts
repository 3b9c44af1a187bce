/** What came back from one request: `status` 0 means it never got an answer (offline, CORS, CSP, timeout). */
export interface Reply {
  status: number
  text: string
  /** The answer's headers (`Retry-After`, `Date`); none without an answer. */
  headers?: Pick<Headers, 'get'>
}

export interface Request {
  method: 'GET' | 'POST'
  body?: string
  headers: Record<string, string>
  /** Outlives the page (page hide): no timeout then. */
  keepalive?: boolean
}

export type Transport = (url: string, request: Request) => Promise<Reply>

/**
 * `fetch` behind one function that never throws: a host page may patch `fetch` to throw
 * synchronously, and a request that hangs is aborted after `timeoutMs`. `fetch` is looked up on
 * every call, so a host (or a test) that wraps it later is honoured.
 */
export const createTransport = (timeoutMs = 15_000): Transport => async (url, { keepalive, ...init }) => {
  // A request made with `keepalive` outlives the page: no timeout.
  const abort = new AbortController()
  const timer = keepalive || setTimeout(() => abort.abort(), timeoutMs)
  try {
    const response = await fetch(url, { ...init, ...(keepalive ? { keepalive } : { signal: abort.signal }) })
    return { status: response.status, text: await response.text(), headers: response.headers }
  } catch {
    return { status: 0, text: '' }
  } finally {
    clearTimeout(timer as ReturnType<typeof setTimeout>) // true with keepalive: nothing to clear
  }
}
