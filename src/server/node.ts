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
  /** Bodies past this many bytes get 413 without being read further. @default MAX_BODY_BYTES (64 KB) */
  maxBodyBytes?: number
}

export type NodeListener = (req: IncomingMessage, res: ServerResponse, next?: () => void) => void

const send = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(body)
}

/** The body, or null as soon as it passes `max` bytes. */
const readBody = (req: IncomingMessage, max: number): Promise<Buffer | null> =>
  new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > max) return resolve(null)
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > max) {
        req.removeAllListeners('data')
        req.resume() // drain the rest so the socket can answer
        resolve(null)
      } else chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })

const toRequest = (req: IncomingMessage, body: Buffer | null): Request => {
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value)
  }
  const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`)
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
  return (req, res, next) => {
    const path = (req.url ?? '/').split('?')[0]!
    if (base && path !== base && !path.startsWith(base + '/')) {
      if (next) next()
      else send(res, 404, JSON.stringify({ error: 'not found' }))
      return
    }
    const serve = async (): Promise<void> => {
      const reads = req.method !== 'GET' && req.method !== 'HEAD'
      const body = reads ? await readBody(req, max) : Buffer.alloc(0)
      if (body === null) {
        send(res, 413, JSON.stringify({ error: `body: larger than ${max} bytes` }), { connection: 'close' })
        return
      }
      const response = await handler(toRequest(req, body))
      const headers: Record<string, string> = {}
      response.headers.forEach((value, name) => (headers[name] = value))
      res.writeHead(response.status, headers).end(Buffer.from(await response.arrayBuffer()))
    }
    serve().catch(() => {
      if (!res.headersSent) send(res, 500, JSON.stringify({ error: 'internal error' }))
      else res.destroy()
    })
  }
}
