// toNodeListener: the handler behind Node's http server on 127.0.0.1.
import { createServer } from 'node:http'
import type { AddressInfo, Server } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMemoryStore, createSyncHandler, toNodeListener } from '../../src/server'
import { T0 } from '../builders'
import { authorize, batch, completions } from './fixtures'

describe('toNodeListener', () => {
  let server: Server
  let base: string
  const passedOn: string[] = []
  beforeAll(async () => {
    const handler = createSyncHandler({ store: createMemoryStore(), authorize, now: () => T0 })
    const listener = toNodeListener(handler, { basePath: '/api/milepost/', maxBodyBytes: 4096 })
    server = createServer((req, res) => listener(req, res, req.url?.startsWith('/app') ? () => {
      passedOn.push(req.url ?? '')
      res.writeHead(200, { 'content-type': 'text/plain' }).end('the app')
    } : undefined))
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise((r) => server.close(r)))
  const sync = (body: string, user = 'u1') => fetch(`${base}/api/milepost/sync`, {
    method: 'POST', headers: { 'content-type': 'text/plain;charset=UTF-8', authorization: `Bearer ${user}` }, body,
  })

  it('passes a sync through and writes the answer back', async () => {
    const response = await sync(JSON.stringify(batch('u1', 'j', completions('n', 2), 'b-node')))
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ batchId: 'b-node', acked: ['n-e0', 'n-e1'] })
  })

  it('reads progress with its query string', async () => {
    const response = await fetch(`${base}/api/milepost/progress?userId=u1&journeyId=j`, { headers: { authorization: 'Bearer u1' } })
    expect(Object.keys((await response.json()).progress.steps)).toEqual(['n-s0', 'n-s1'])
  })

  it('answers 413 once the body passes the cap, without handing it on', async () => {
    const events = completions('big', 40).map((e) => ({ ...e, note: 'x'.repeat(200) }))
    const response = await sync(JSON.stringify(batch('u1', 'j', events)))
    expect(response.status).toBe(413)
    expect(await response.json()).toEqual({ error: 'body: larger than 4096 bytes' })
  })

  it('sends paths outside basePath to next, or answers 404 without one', async () => {
    expect(await (await fetch(`${base}/app/reports`)).text()).toBe('the app')
    expect(passedOn).toEqual(['/app/reports'])
    expect((await fetch(`${base}/other`)).status).toBe(404)
  })

  it('keeps the handler answer for refused requests (401 without credentials)', async () => {
    const response = await fetch(`${base}/api/milepost/sync`, { method: 'POST', body: '{}' })
    expect(response.status).toBe(401)
  })
})

describe('toNodeListener with a body that streams', () => {
  // bb-r32 (own changes): each wait for the socket to drain added a 'close' listener it never took
  // off: a CSV of eleven pages or more had Node warn of a memory leak (MaxListenersExceededWarning).
  it('sends each chunk as it comes, waiting for the socket to drain without piling up listeners', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024)) // past the socket's high-water mark: every write waits
    const handler = async () => new Response(new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 15; i++) controller.enqueue(chunk)
        controller.close()
      },
    }))
    const warnings: string[] = []
    const warn = (w: Error) => void warnings.push(`${w.name}: ${w.message}`)
    process.on('warning', warn)
    const server = createServer(toNodeListener(handler))
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/x`)
      expect((await response.arrayBuffer()).byteLength).toBe(15 * chunk.length)
      await new Promise((r) => setTimeout(r, 20)) // a warning is emitted in a tick of its own
      expect(warnings.filter((w) => w.includes('MaxListeners'))).toEqual([])
    } finally {
      process.off('warning', warn)
      await new Promise((r) => server.close(r))
    }
  })
})
