// Findings 5 (bad Host header), 7 (a reset instead of a 413) and 10 (nosniff) of issue 13: the
// handler behind Node's http server, over real sockets on 127.0.0.1.
import { createServer } from 'node:http'
import type { AddressInfo, Server } from 'node:net'
import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMemoryStore, createSyncHandler, csvCell, toNodeListener } from '../../src/server'
import { T0 } from '../builders'
import { authorize, batch, completions } from '../server/fixtures'
import { aTable } from './table'

const table = aTable('Reliability: HTTP in front of the handler (node listener)')

/** Sends raw bytes and resolves with the whole answer text (or the socket error's code). */
const raw = (port: number, text: string): Promise<string> =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(text))
    let answer = ''
    socket.on('data', (d) => (answer += d))
    socket.on('close', () => resolve(answer))
    socket.on('error', (e: NodeJS.ErrnoException) => resolve(`error ${e.code}`))
  })

/**
 * POSTs `size` bytes in 16 KB writes and reads the answer only once all is written, as a browser
 * does: a server that closes the socket early makes the kernel send a reset, which throws away an
 * answer not yet read. The status, or the socket error's code.
 */
const postBig = (port: number, size: number): Promise<number | string> =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.pause()
    let answer = ''
    const done = (v: number | string) => (resolve(v), socket.destroy())
    socket.on('error', (e: NodeJS.ErrnoException) => done(e.code ?? 'error'))
    socket.on('connect', async () => {
      socket.write(`POST /api/milepost/sync HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nAuthorization: Bearer u1\r\nContent-Length: ${size}\r\n\r\n`)
      const chunk = Buffer.alloc(16 * 1024, 'x')
      for (let sent = 0; sent < size && !socket.destroyed; sent += chunk.length) {
        socket.write(chunk.subarray(0, Math.min(chunk.length, size - sent)))
        await new Promise((r) => setImmediate(r))
      }
      socket.on('data', (d) => {
        answer += d
        const status = /^HTTP\/1\.1 (\d+)/.exec(answer)?.[1]
        if (status) done(Number(status))
      })
      socket.on('end', () => done(answer ? 'truncated' : 'closed without an answer'))
      socket.resume()
    })
  })

describe('the node listener', () => {
  let server: Server
  let port: number
  const logged: string[] = []
  beforeAll(async () => {
    const handler = createSyncHandler({ store: createMemoryStore(), authorize, now: () => T0 })
    server = createServer(toNodeListener(handler, { log: (m) => void logged.push(m) }))
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    port = (server.address() as AddressInfo).port
  })
  afterAll(() => new Promise((r) => server.close(r)))

  it('7. answers 413 to every oversized body, never a reset (30 tries of 200 KB against a 64 KB cap)', async () => {
    const answers: Array<number | string> = []
    for (let i = 0; i < 30; i++) answers.push(await postBig(port, 200 * 1024))
    const resets = answers.filter((a) => a !== 413).length
    table.add({ case: '7 body over the cap (30 × 200 KB)', expected: '413 each, 0 resets', observed: `413 × ${answers.length - resets}, other × ${resets} (${[...new Set(answers)]})`, lost: 0, fivexx: 0 })
    expect(answers).toEqual(Array(30).fill(413))
  })

  it('7b. still answers a normal sync on the same server after the oversized ones', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/api/milepost/sync`, {
      method: 'POST', headers: { 'content-type': 'text/plain', authorization: 'Bearer u1' }, body: JSON.stringify(batch('u1', 'j', completions('after', 2))),
    })
    expect(response.status).toBe(200)
  })

  it('5c. answers 400 to a bad Host header, instead of a 500 nobody hears of', async () => {
    const answer = await raw(port, 'GET /api/milepost/progress?userId=u1&journeyId=j HTTP/1.1\r\nHost: bad host:99999\r\nAuthorization: Bearer u1\r\nConnection: close\r\n\r\n')
    const status = Number(/^HTTP\/1\.1 (\d+)/.exec(answer)?.[1])
    table.add({ case: '5c bad Host header', expected: '400', observed: String(status), lost: 0, fivexx: status >= 500 ? 1 : 0 })
    expect(status).toBe(400)
    expect(answer).toContain('host: not a valid Host header')
  })

  it('10b. JSON answers say nosniff, refusals included', async () => {
    const ok = await fetch(`http://127.0.0.1:${port}/api/milepost/progress?userId=u1&journeyId=j`, { headers: { authorization: 'Bearer u1' } })
    const refused = await fetch(`http://127.0.0.1:${port}/api/milepost/progress?userId=u1&journeyId=j`)
    const headers = [ok, refused].map((r) => r.headers.get('x-content-type-options'))
    table.add({ case: '10b JSON answers (200, 401)', expected: 'nosniff', observed: headers.join(', '), lost: 0, fivexx: 0 })
    expect(headers).toEqual(['nosniff', 'nosniff'])
  })

  it('10a. CSV cells that a spreadsheet would still run as a formula are kept as text', () => {
    const cells = [' =1+1', '\n=1', '\r\n@SUM(A1)', '\uFF1DSUM(A1)', '\u3000\uFF0B1', '\t-1']
    const neutralised = cells.filter((c) => csvCell(c).startsWith('"\'')).length
    table.add({ case: '10a CSV: space, line break or full-width = before a formula', expected: `${cells.length} neutralised`, observed: `${neutralised} neutralised`, lost: 0, fivexx: 0 })
    expect(neutralised).toBe(cells.length)
  })
})
