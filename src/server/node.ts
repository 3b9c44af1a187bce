/**
 * Node's `http` server in front of a Fetch-API handler: reads the body up to a cap, builds a
 * `Request`, writes the `Response` back.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
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

export type NodeListener = (req: IncomingMessage, res: ServerResponse, next?: () => void) => void

const send = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-content-type-options': 'nosniff', ...headers }).end(body)
}

/** Bytes of an oversized body read and dropped before answering 413; past them the socket is cut. */
const DRAIN_BYTES = 1024 * 1024

/**
 * The body, or null when it passes `max` bytes. An oversized body is still read to its end (up to
 * DRAIN_BYTES), dropping it: closing a socket with unread data sends a reset, which a browser reads
 * as "no answer" and retries forever, where a 413 makes it split the batch. `whole` is false when
 * the drain gave up (the socket must then be closed).
 */
const readBody = (req: IncomingMessage, max: number): Promise<{ body: Buffer | null; whole: boolean }> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = Number(req.headers['content-length'] ?? 0) > max ? max + 1 : 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= max) chunks.push(chunk)
      else if (size > max + DRAIN_BYTES) {
        req.removeAllListeners('data')
        resolve({ body: null, whole: false })
      }
    })
    req.on('end', () => resolve({ body: size > max ? null : Buffer.concat(chunks), whole: true }))
    req.on('error', reject)
  })

/** The request's URL, or null when the Host header (or the target) is not one `new URL` reads. */
const urlOf = (req: IncomingMessage): URL | null => {
  try {
    return new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`)
  } catch {
    return null
  }
}

const toRequest = (req: IncomingMessage, url: URL, body: Buffer | null): Request => {
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value)
  }
  return new Request(url, { method: req.method ?? 'GET', headers, ...(body && body.length > 0 ? { body: new Uint8Array(body) } : {}) })
}

/**
 * Adapts a handler to `http.createServer` (or Express/Connect middleware, which pass `next`).
 * @example
 * createServer(toNodeListener(handler, { basePath: '/api/milepost' })).listen(4321, '127.0.0.1')
 */
export const toNodeListener = (handler: SyncHandler, options: NodeListenerOptions = {}): NodeListener => {
  const base = (options.basePath ?? '/').replace(/\/+$/, '')
  const max = options.maxBodyBytes ?? MAX_BODY_BYTES
  const log = options.log ?? ((message: string, error?: unknown) => console.error(`milepost: ${message}`, error))
  return (req, res, next) => {
    const path = (req.url ?? '/').split('?')[0]!
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
      const url = urlOf(req)
      if (!url) {
        send(res, 400, JSON.stringify({ error: 'host: not a valid Host header' }))
        return
      }
      const response = await handler(toRequest(req, url, body))
      const headers: Record<string, string> = {}
      response.headers.forEach((value, name) => (headers[name] = value))
      res.writeHead(response.status, headers).end(Buffer.from(await response.arrayBuffer()))
    }
    serve().catch((error: unknown) => {
      log(`${req.method} ${path} failed`, error)
      if (!res.headersSent) send(res, 500, JSON.stringify({ error: 'internal error' }))
      else res.destroy()
    })
  }
}
