// The escalation forwarder against a real local webhook (127.0.0.1), on every store's outbox.
import { createServer } from 'node:http'
import type { AddressInfo, Server } from 'node:net'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createWebhookForwarder } from '../../src/server'
import type { SyncStore, WebhookForwarderOptions } from '../../src/server'
import type { ProgressEvent } from '../../src/core/types'
import { DAY_MS, T0 } from '../builders'
import { STORES, journeyId } from './fixtures'

interface Received { key: string; body: { kind: string; journeyId?: string; userId: string; event: ProgressEvent; traits?: unknown; progress: unknown } }

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
    url: hook.url, store, backoffMs: 1000, now: () => clock, log: () => undefined, ...over,
  })
  const escalate = (j: string, id: string, userId = 'u1') => store.ingest({
    journeyId: j, userId, now: clock, traits: { plan: 'pro' },
    events: [{ id, type: 'escalation', nudgeId: 'stalled', milestoneId: 'm1', level: 2, notify: 'csm', at: clock }],
  })
  // Other test files may share the PostgreSQL outbox, so posts are counted per journey.
  const postsOf = (j: string) => hook.received.filter((r) => r.key.startsWith(`${encodeURIComponent(j)}:`))

  it('tries a failing notice once per flush, reschedules it, delivers it when due, and never posts it again', async () => {
    const j = journeyId(`hook-retry-${name}`)
    await escalate(j, 'e1')
    hook.failures.set('e1', [500, 503])
    const random = vi.spyOn(Math, 'random').mockReturnValue(1) // jitter at its top: the full wait
    try {
      const lines: string[] = []
      expect(await forwarder({ log: (m) => void lines.push(m) }).flush()).toEqual({ delivered: 0, failed: 1, gaveUp: 0 })
      // bb-r24: whose notice failed, among thousands (the line named no user or journey).
      expect(lines).toEqual([expect.stringMatching(new RegExp(`^webhook failed for escalation e1 of u1 on ${j} \\(HTTP 500\\); try 1 of 18, next at `))])
      expect(postsOf(j)).toHaveLength(1) // no retry within the flush
      expect(await forwarder().flush()).toEqual({ delivered: 0, failed: 0, gaveUp: 0 }) // not due yet
      clock += 1000
      expect(await forwarder().flush()).toEqual({ delivered: 0, failed: 1, gaveUp: 0 })
      clock += 1999
      expect(await forwarder().flush()).toEqual({ delivered: 0, failed: 0, gaveUp: 0 }) // the second wait doubles
      clock += 1
      expect(await forwarder().flush()).toEqual({ delivered: 1, failed: 0, gaveUp: 0 })
    } finally {
      random.mockRestore()
    }
    clock += 86_400_000
    await forwarder().flush()
    const posts = postsOf(j)
    expect(posts).toHaveLength(3)
    expect(posts[2]?.body).toMatchObject({ kind: 'escalation', userId: 'u1', traits: { plan: 'pro' }, event: { id: 'e1', level: 2 } })
    expect(posts[2]?.key).toBe(`${encodeURIComponent(j)}:u1:e1`)
  })

  it('backs off exponentially with jitter up to hours, then gives the notice up: marked failed, reported, never claimed again', async () => {
    const j = journeyId(`hook-giveup-${name}`)
    await escalate(j, 'g1')
    hook.failures.set('g1', Array.from({ length: 100 }, () => 500))
    const given: string[] = []
    const f = forwarder({ backoffMs: 5000, onGiveUp: (n, error) => void given.push(`${n.event.id} ${error}`) })
    const start = clock
    const tries: number[] = []
    const random = vi.spyOn(Math, 'random').mockReturnValue(0) // jitter at its floor: half of each wait
    try {
      // Step the clock a minute at a time, as a forwarder started every few seconds would see it.
      for (let t = 0; t < 4 * 86_400_000 && given.length === 0; t += 60_000) {
        const before = postsOf(j).length
        await f.flush()
        if (postsOf(j).length > before) tries.push(clock - start)
        expect(postsOf(j).length - before).toBeLessThanOrEqual(1)
        clock += 60_000
      }
    } finally {
      random.mockRestore()
    }
    const gaps = tries.slice(1).map((t, i) => t - tries[i]!)
    console.log(`${name}: ${tries.length} tries over ${((tries.at(-1) ?? 0) / 3_600_000).toFixed(1)} h, gaps (min) ${gaps.map((g) => Math.round(g / 60_000)).join(',')}`)
    expect(tries).toHaveLength(18)
    for (let i = 1; i < gaps.length; i++) expect(gaps[i]).toBeGreaterThanOrEqual(gaps[i - 1]!) // never shrinks
    expect(Math.max(...gaps)).toBeGreaterThanOrEqual(3 * 3_600_000) // grows to hours (half of the 6 h cap, at the jitter's floor)
    expect(Math.max(...gaps)).toBeLessThanOrEqual(3 * 3_600_000 + 60_000)
    expect(tries.filter((t) => t < 3_600_000).length).toBeLessThanOrEqual(12) // not ~48 an hour
    expect(given).toEqual(['g1 HTTP 500'])
    clock += 30 * 86_400_000
    // Never claimed again (a month on: other tests' notices in a shared database may fall due, not this one).
    await f.flush()
    expect(postsOf(j)).toHaveLength(18)
  })

  it('a receiver that fails every notice costs one request per notice per flush, and the flush returns', async () => {
    const j = journeyId(`hook-many-${name}`)
    for (let i = 0; i < 14; i++) await escalate(j, `m${i}`, `user-${i}`)
    for (let i = 0; i < 14; i++) hook.failures.set(`m${i}`, [500, 500, 500, 500, 500, 500, 500, 500])
    // A clock that moves on each reading and a 1 ms backoff: a failure is due again almost at once.
    let tick = clock
    const f = forwarder({ backoffMs: 1, now: () => (tick += 1) })
    const result = await f.flush()
    expect(result).toEqual({ delivered: 0, failed: 14, gaveUp: 0 })
    expect(postsOf(j)).toHaveLength(14)
    expect(new Set(postsOf(j).map((p) => p.body.event.id)).size).toBe(14)
    for (let i = 0; i < 14; i++) hook.failures.delete(`m${i}`)
    clock += 3_600_000
    expect(await forwarder().flush()).toEqual({ delivered: 14, failed: 0, gaveUp: 0 })
  })

  it('a receiver that hangs on one notice holds the others at most one timeout', async () => {
    const j = journeyId(`hook-hang-${name}`)
    await escalate(j, 'h0', 'slow')
    for (let i = 1; i <= 6; i++) await escalate(j, `h${i}`, `fast-${i}`)
    const posts: string[] = []
    const slowFetch = (async (_url: string, init: RequestInit) => {
      const body = JSON.parse(init.body as string) as Received['body']
      if (!body.journeyId?.startsWith(j)) return new Response(null, { status: 204 })
      posts.push(body.event.id)
      if (body.event.id === 'h0') {
        // Never answers: only the request's timeout ends it.
        return new Promise<Response>((_, reject) => init.signal?.addEventListener('abort', () => reject(new Error('timed out'))))
      }
      return new Response(null, { status: 204 })
    }) as typeof fetch
    const t = Date.now()
    const result = await forwarder({ fetch: slowFetch, timeoutMs: 300, concurrency: 1 }).flush()
    const took = Date.now() - t
    expect(result).toEqual({ delivered: 6, failed: 1, gaveUp: 0 })
    expect(posts.filter((id) => id === 'h0')).toHaveLength(1)
    expect(took).toBeLessThan(1500) // one timeout (300 ms), no backoff sleeps, no retries of h0
    clock += 3_600_000
    expect(await forwarder().flush()).toEqual({ delivered: 1, failed: 0, gaveUp: 0 })
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
    expect(await forwarder().flush()).toMatchObject({ failed: 1 })
    await forwarder().flush()
    expect(postsOf(j)).toHaveLength(1)
    clock += 10 * 60_000
    expect(await forwarder().flush()).toMatchObject({ failed: 1 })
    expect(postsOf(j)).toHaveLength(2)
    clock += 10 * 60_000
    expect(await forwarder().flush()).toMatchObject({ delivered: 1, failed: 0 })
    expect(postsOf(j)).toHaveLength(3)
  })

  it('stops at once when stopped mid-flush: the post in flight ends, what it had not tried is due again for the next process', async () => {
    const j = journeyId(`hook-stop-${name}`)
    await escalate(j, 's1')
    await escalate(j, 's2')
    let release: () => void = () => {}
    const held = new Promise<void>((r) => (release = r))
    const seen: string[] = []
    const holding = (async (_url: string, init: RequestInit) => {
      const body = JSON.parse(init.body as string) as Received['body']
      if (!body.journeyId?.startsWith(j)) return new Response(null, { status: 204 })
      seen.push(body.event.id)
      await held
      return new Response(null, { status: 500 })
    }) as typeof fetch
    const f = forwarder({ fetch: holding, concurrency: 1 })
    const stop = f.start(1e9)
    const flushing = f.flush()
    while (seen.length < 1) await new Promise((r) => setTimeout(r, 5))
    stop()
    release()
    expect(await flushing).toEqual({ delivered: 0, failed: 2, gaveUp: 0 })
    expect(seen).toHaveLength(1) // the second notice was not tried after the stop
    const [tried] = seen
    const untried = tried === 's1' ? 's2' : 's1'
    expect(await f.flush()).toEqual({ delivered: 0, failed: 0, gaveUp: 0 }) // stopped: claims nothing
    // The untried one is due again at once; the one tried and failed keeps its backoff.
    expect(await forwarder().flush()).toEqual({ delivered: 1, failed: 0, gaveUp: 0 })
    clock += 60_000
    expect(await forwarder().flush()).toEqual({ delivered: 1, failed: 0, gaveUp: 0 })
    expect(postsOf(j).map((p) => p.body.event.id)).toEqual([untried, tried])
  })

  it("posts one user's backlog in the order it was written (created_at) on its first try, whatever order the rows are in", async () => {
    // bb-r27: ten days of a watch without forwarding, then one flush: leadership was told before the CSM.
    const j = journeyId(`hook-order-${name}`)
    const days = [8, 3, 6, 2, 4, 3]
    const start = clock - 10 * DAY_MS
    for (const [i, d] of days.entries()) {
      const at = start + d * DAY_MS
      await store.ingest({
        journeyId: j, userId: 'dave', now: at,
        events: [{ id: `d${d}-${i}`, type: 'escalation', nudgeId: `n${i}`, milestoneId: 'm1', level: 1, notify: 'csm', at }],
      })
    }
    await forwarder({ concurrency: 1 }).flush()
    expect(postsOf(j).map((p) => p.body.event.id)).toEqual(['d2-3', 'd3-1', 'd3-5', 'd4-4', 'd6-2', 'd8-0'])
  })

  it('does not send an event stored twice twice', async () => {
    const j = journeyId(`hook-dup-${name}`)
    await escalate(j, 'x1')
    await escalate(j, 'x1')
    await forwarder().flush()
    expect(postsOf(j)).toHaveLength(1)
  })
})
