// The escalation forwarder against a real local webhook (127.0.0.1), on every store's outbox.
import { createServer } from 'node:http'
import type { AddressInfo, Server } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createWebhookForwarder } from '../../src/server'
import type { SyncStore, WebhookForwarderOptions } from '../../src/server'
import type { ProgressEvent } from '../../src/core/types'
import { T0 } from '../builders'
import { STORES, journeyId } from './fixtures'

interface Received { key: string; body: { kind: string; userId: string; event: ProgressEvent; traits?: unknown; progress: unknown } }

/** A webhook that fails the first posts of the event ids listed in `failures`, then answers 200; it records every post. */
const startWebhook = async () => {
  const received: Received[] = []
  const failures = new Map<string, number[]>()
  const server: Server = createServer((req, res) => {
    let text = ''
    req.on('data', (c: Buffer) => (text += c))
    req.on('end', () => {
      const body = JSON.parse(text) as Received['body']
      received.push({ key: String(req.headers['idempotency-key']), body })
      res.writeHead(failures.get(body.event.id)?.shift() ?? 200).end()
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`
  return { url, received, failures, close: () => new Promise((r) => server.close(r)) }
}

describe.each(STORES)('webhook forwarder on the $name store', ({ name, make }) => {
  let store: SyncStore
  let hook: Awaited<ReturnType<typeof startWebhook>>
  let clock = T0
  const waits: number[] = []
  beforeAll(async () => {
    store = make()
    await store.getProgress('warm', 'up') // opens the database and creates the tables
    hook = await startWebhook()
  }, 60_000)
  afterAll(async () => {
    await hook.close()
    await store.close()
  })
  const forwarder = (over: Partial<WebhookForwarderOptions> = {}) => createWebhookForwarder({
    url: hook.url, store, retries: 3, backoffMs: 1000, now: () => clock, log: () => undefined,
    sleep: async (ms) => void waits.push(ms), ...over,
  })
  const escalate = (j: string, id: string) => store.ingest({
    journeyId: j, userId: 'u1', now: clock, traits: { plan: 'pro' },
    events: [{ id, type: 'escalation', nudgeId: 'stalled', milestoneId: 'm1', level: 2, notify: 'csm', at: clock }],
  })
  // Other test files may share the PostgreSQL outbox, so posts are counted per journey.
  const postsOf = (j: string) => hook.received.filter((r) => r.key.startsWith(`${encodeURIComponent(j)}:`))

  it('retries a webhook that fails twice, then delivers, and never posts it again', async () => {
    const j = journeyId(`hook-retry-${name}`)
    await escalate(j, 'e1')
    hook.failures.set('e1', [500, 503])
    waits.length = 0
    expect(await forwarder().flush()).toMatchObject({ failed: 0 })
    expect(waits).toEqual([1000, 2000])
    expect(postsOf(j)).toHaveLength(3)
    await forwarder().flush()
    clock += 86_400_000
    await forwarder().flush()
    const posts = postsOf(j)
    console.log(`${name}: webhook posts = ${posts.length} (2 failed + 1 delivered), delivered twice = 0`)
    expect(posts).toHaveLength(3)
    expect(posts[2]?.body).toMatchObject({ kind: 'escalation', userId: 'u1', traits: { plan: 'pro' }, event: { id: 'e1', level: 2 } })
    expect(posts[2]?.key).toBe(`${encodeURIComponent(j)}:u1:e1`)
  })

  it('sends each notice once when two forwarders flush at the same time', async () => {
    const j = journeyId(`hook-pair-${name}`)
    for (let i = 0; i < 10; i++) await escalate(j, `p${i}`)
    const [a, b] = await Promise.all([forwarder().flush(), forwarder().flush()])
    expect(a.delivered + b.delivered).toBeGreaterThanOrEqual(10)
    expect(postsOf(j).map((r) => r.body.event.id).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `p${i}`).sort())
  })

  it('keeps a notice whose webhook stays down, and delivers it once the next try is due', async () => {
    const j = journeyId(`hook-down-${name}`)
    await escalate(j, 'd1')
    hook.failures.set('d1', [500, 500])
    expect(await forwarder({ retries: 1 }).flush()).toMatchObject({ failed: 1 })
    await forwarder().flush()
    expect(postsOf(j)).toHaveLength(2)
    clock += 10 * 60_000
    expect(await forwarder().flush()).toMatchObject({ failed: 0 })
    expect(postsOf(j)).toHaveLength(3)
  })

  it('stops at once when stopped mid-retry: no further try, and what it had not sent is due again for the next process', async () => {
    const j = journeyId(`hook-stop-${name}`)
    await escalate(j, 's1')
    await escalate(j, 's2')
    hook.failures.set('s1', [500, 500, 500, 500])
    hook.failures.set('s2', [500, 500, 500, 500])
    // A backoff that would never end: only the stop ends the flush.
    const f = forwarder({ sleep: () => new Promise(() => {}) })
    const stop = f.start(1e9)
    const flushing = f.flush()
    while (postsOf(j).length < 1) await new Promise((r) => setTimeout(r, 5))
    stop()
    expect(await flushing).toEqual({ delivered: 0, failed: 2 })
    expect(postsOf(j)).toHaveLength(1) // the second notice was not tried after the stop
    expect(await f.flush()).toEqual({ delivered: 0, failed: 0 }) // stopped: claims nothing
    hook.failures.delete('s1')
    hook.failures.delete('s2')
    expect(await forwarder().flush()).toEqual({ delivered: 2, failed: 0 }) // due again at once
  })

  it('does not send an event stored twice twice', async () => {
    const j = journeyId(`hook-dup-${name}`)
    await escalate(j, 'x1')
    await escalate(j, 'x1')
    await forwarder().flush()
    expect(postsOf(j)).toHaveLength(1)
  })
})
