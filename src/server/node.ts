/**
 * Node's `http` server in front of a Fetch-API handler: reads the body up to a cap, builds a
 * `Request`, writes the `Response` back.
 */
import { MAX_BODY_BYTES } from '../protocol'
import type { SyncHandler } from './handler'

export interface NodeListenerOptions {
  /** Only paths under this prefix reach the handler; others go to `next`, or get 404. @default "/" */
  basePath?: string
  /** Bodies past this many bytes get 413 (read to the end and dropped, so the answer arrives). @default MAX_BODY_BYTES (64 KB) */
  maxBodyBytes?: number
  /** Where failures go. @default console.error */
  log?: (message: string, error?: unknown) => void
}

// The parts of Node's IncomingMessage and ServerResponse (and Express's additions) the listener
// uses, written out so that `milepost/server`'s types need no @types/node on a Fetch runtime.
/** A Node `IncomingMessage`, or an Express/Connect request. */
export interface NodeRequest {
  url?: string | undefined
  method?: string | undefined
  headers: Readonly<Record<string, string | string[] | undefined>>
  /** Express: the URL before a mount path (`app.use('/api/milepost', …)`) was stripped from `url`. */
  originalUrl?: string | undefined
  /** Set by a body parser that read the stream first (`express.json()`, `express.text()`, `express.raw()`). */
  body?: unknown
  readableEnded?: boolean
  on(event: 'data', listener: (chunk: Uint8Array) => void): unknown
  on(event: 'end', listener: () => void): unknown
  on(event: 'error', listener: (error: Error) => void): unknown
  removeAllListeners(event: 'data'): unknown
  resume(): unknown
}

/** A Node `ServerResponse`. */
export interface NodeResponse {
  readonly headersSent: boolean
  readonly destroyed: boolean
  writeHead(status: number, headers: Record<string, string>): { end(body?: Uint8Array | string): unknown }
  write(chunk: Uint8Array): boolean
  end(): unknown
  once(event: 'drain' | 'close', listener: () => void): unknown
  off(event: 'drain' | 'close', listener: () => void): unknown
  destroy(): unknown
}

/** What `toNodeListener` returns: an `http.createServer` listener and Express/Connect middleware. */
export type NodeListener = (req: NodeRequest, res: NodeResponse, next?: () => void) => void

const send = (res: NodeResponse, status: number, body: string, headers: Record<string, string> = {}): void => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-content-type-options': 'nosniff', ...headers }).end(body)
}

/**
 * What a body parser that ran first left in `req.body`, as bytes: its stream is already read, and
 * waiting for its end would hang. Undefined when no parser ran.
 */
const parsedBody = (req: NodeRequest): Buffer | undefined => {
  const { body } = req
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength)
  if (typeof body == 'string') return Buffer.from(body)
  // express.json() leaves {} when the content type was not JSON (then the stream is still unread).
  if (body && typeof body == 'object' && (Object.keys(body).length > 0 || req.readableEnded)) return Buffer.from(JSON.stringify(body))
  return req.readableEnded ? Buffer.alloc(0) : undefined
}

/** Bytes of an oversized body read and dropped before answering 413; past them the socket is cut. */
const DRAIN_BYTES = 1024 * 1024

/**
 * The body, or null when it passes `max` bytes. An oversized body is still read to its end (up to
 * DRAIN_BYTES), dropping it: closing a socket with unread data sends a reset, which a browser reads
 * as "no answer" and retries forever, where a 413 makes it split the batch. `whole` is false when
 * the drain gave up (the socket must then be closed).
 */
const readBody = (req: NodeRequest, max: number): Promise<{ body: Buffer | null; whole: boolean }> =>
  new Promise((resolve, reject) => {
    const parsed = parsedBody(req)
    if (parsed) return resolve({ body: parsed.length > max ? null : parsed, whole: true })
    const chunks: Buffer[] = []
    let size = Number(req.headers['content-length'] ?? 0) > max ? max + 1 : 0
    req.on('data', (chunk: Uint8Array) => {
      size += chunk.length
      if (size <= max) chunks.push(Buffer.from(chunk))
      else if (size > max + DRAIN_BYTES) {
        req.removeAllListeners('data')
        resolve({ body: null, whole: false })
      }
    })
    req.on('end', () => resolve({ body: size > max ? null : Buffer.concat(chunks), whole: true }))
    req.on('error', reject)
  })

/** The request's URL, or null when the Host header (or the target) is not one `new URL` reads. */
const urlOf = (req: NodeRequest, target: string): URL | null => {
  const host = req.headers.host
  try {
    return new URL(target, `http://${typeof host == 'string' ? host : '127.0.0.1'}`)
  } catch {
    return null
  }
}

const toRequest = (req: NodeRequest, url: URL, body: Buffer | null): Request => {
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    // The Request measures its own body, which a body parser may have re-encoded.
    if (value !== undefined && name != 'content-length') headers.set(name, Array.isArray(value) ? value.join(', ') : value)
  }
  return new Request(url, { method: req.method ?? 'GET', headers, ...(body && body.length > 0 ? { body: new Uint8Array(body) } : {}) })
}

/**
 * Adapts a handler to `http.createServer`, or to Express/Connect middleware (which pass `next`):
 * behind `app.use('/api/milepost', …)` it reads the path before Express stripped the mount, and
 * after `express.json()` it takes the body the parser read.
 * @example
 * createServer(toNodeListener(handler, { basePath: '/api/milepost' })).listen(4321, '127.0.0.1')
 * app.use('/api/milepost', toNodeListener(handler, { basePath: '/api/milepost' })) // Express
 */
export const toNodeListener = (handler: SyncHandler, options: NodeListenerOptions = {}): NodeListener => {
  const base = (options.basePath ?? '/').replace(/\/+$/, '')
  const max = options.maxBodyBytes ?? MAX_BODY_BYTES
  const log = options.log ?? ((message: string, error?: unknown) => console.error(`milepost: ${message}`, error))
  return (req, res, next) => {
    const url = req.originalUrl ?? req.url ?? '/'
    const path = url.split('?')[0]!
    if (base && path !== base && !path.startsWith(base + '/')) {
      if (next) next()
      else send(res, 404, JSON.stringify({ error: 'not found' }))
      return
    }
    const serve = async (): Promise<void> => {
      const reads = req.method !== 'GET' && req.method !== 'HEAD'
      const { body, whole } = reads ? await readBody(req, max) : { body: Buffer.alloc(0), whole: true }
      if (body === null) {
        send(res, 413, JSON.stringify({ error: `body: larger than ${max} bytes` }), whole ? {} : { connection: 'close' })
        return
      }
      const target = urlOf(req, url)
      if (!target) {
        send(res, 400, JSON.stringify({ error: 'host: not a valid Host header' }))
        return
      }
      const response = await handler(toRequest(req, target, body))
      const headers: Record<string, string> = {}
      response.headers.forEach((value, name) => (headers[name] = value))
      res.writeHead(response.status, headers)
      if (!response.body) return void res.end()
      // Sent as it comes (a dashboard CSV is read page by page), waiting for the socket to drain.
      const reader = response.body.getReader()
      for (;;) {
        const { done, value } = await reader.read()
        if (done) return void res.end()
        if (res.destroyed) return void reader.cancel().catch(() => {})
        if (!res.write(value)) {
          // Both listeners go once either comes: a long download waits many times (11 waits had
          // Node warn of a leak: MaxListenersExceededWarning).
          await new Promise<void>((resolve) => {
            const go = () => {
              res.off('drain', go)
              res.off('close', go)
              resolve()
            }
            res.once('drain', go)
            res.once('close', go)
          })
        }
      }
    }
    serve().catch((error: unknown) => {
      log(`${req.method} ${path} failed`, error)
      if (!res.headersSent) send(res, 500, JSON.stringify({ error: 'internal error' }))
      else res.destroy()
    })
  }
}
