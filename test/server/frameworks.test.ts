// toNodeListener mounted in Express (behind app.use('/api/milepost', …), which strips the mount
// path from req.url, and after body parsers, which read the request stream first) and in Fastify.
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'
import Fastify from 'fastify'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMemoryStore, createSyncHandler, toNodeListener } from '../../src/server'
import { T0 } from '../builders'
import { authorize, batch, completions } from './fixtures'

const listen = async (app: express.Express): Promise<[Server, string]> => {
  const server = await new Promise<Server>((done) => {
    const s = app.listen(0, '127.0.0.1', () => done(s))
  })
  return [server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`]
}

describe.each([
  ['no body parser', (app: express.Express) => app],
  ['express.json() first', (app: express.Express) => app.use(express.json())],
  ['express.text() first', (app: express.Express) => app.use(express.text())],
  ['express.raw() first', (app: express.Express) => app.use(express.raw({ type: '*/*' }))],
])('toNodeListener in Express, %s', (_, parsers) => {
  let server: Server
  let base: string
  beforeAll(async () => {
    const app = express()
    parsers(app)
    const handler = createSyncHandler({ store: createMemoryStore(), authorize, now: () => T0 })
    app.use('/api/milepost', toNodeListener(handler, { basePath: '/api/milepost', maxBodyBytes: 4096 }))
    app.get('/app', (_req, res) => void res.send('the app'))
    ;[server, base] = await listen(app)
  })
  afterAll(() => new Promise((done) => server.close(done)))

  const sync = (body: string, type: string) => fetch(`${base}/api/milepost/sync`, {
    method: 'POST', headers: { 'content-type': type, authorization: 'Bearer u1' }, body, signal: AbortSignal.timeout(5000),
  })

  it.each(['text/plain;charset=UTF-8', 'application/json'])('applies a sync posted as %s and answers with progress', async (type) => {
    const id = `b-${type.slice(0, 4)}`
    const response = await sync(JSON.stringify(batch('u1', `j-${type.slice(0, 4)}`, completions(type.slice(0, 4), 2), id)), type)
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ batchId: id, acked: [`${type.slice(0, 4)}-e0`, `${type.slice(0, 4)}-e1`] })
    const read = await fetch(`${base}/api/milepost/progress?userId=u1&journeyId=j-${type.slice(0, 4)}`, { headers: { authorization: 'Bearer u1' } })
    expect(Object.keys((await read.json()).progress.steps)).toHaveLength(2)
  })

  it('answers 413 for a body past the cap', async () => {
    const events = completions('big', 40).map((e) => ({ ...e, note: 'x'.repeat(200) }))
    expect((await sync(JSON.stringify(batch('u1', 'j', events)), 'application/json')).status).toBe(413)
  })

  it('leaves other routes to the app', async () => {
    expect(await (await fetch(`${base}/app`)).text()).toBe('the app')
  })
})

describe('toNodeListener in Fastify, the recipe of docs/server.md', () => {
  let app: FastifyInstance
  let base: string
  beforeAll(async () => {
    const handler = createSyncHandler({ store: createMemoryStore(), authorize, now: () => T0 })
    const listener = toNodeListener(handler, { basePath: '/api/milepost' })
    app = Fastify()
    await app.register(async (scope) => {
      scope.removeAllContentTypeParsers()
      scope.addContentTypeParser('*', (_request, _payload, done) => done(null))
      scope.all('/api/milepost/*', (request, reply) => {
        reply.hijack()
        listener(request.raw, reply.raw)
      })
    })
    app.get('/app', async () => 'the app')
    base = await app.listen({ port: 0, host: '127.0.0.1' })
  })
  afterAll(() => app.close())

  it.each(['text/plain;charset=UTF-8', 'application/json'])('applies a sync posted as %s, reads progress, and leaves other routes to the app', async (type) => {
    const j = `fastify-${type.slice(0, 4)}`
    const response = await fetch(`${base}/api/milepost/sync`, {
      method: 'POST', headers: { 'content-type': type, authorization: 'Bearer u1' },
      body: JSON.stringify(batch('u1', j, completions('f', 2), 'b-f')), signal: AbortSignal.timeout(5000),
    })
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ batchId: 'b-f', acked: ['f-e0', 'f-e1'] })
    const read = await fetch(`${base}/api/milepost/progress?userId=u1&journeyId=${j}`, { headers: { authorization: 'Bearer u1' } })
    expect(Object.keys((await read.json()).progress.steps)).toHaveLength(2)
    expect(await (await fetch(`${base}/app`)).text()).toBe('the app')
  })
})
