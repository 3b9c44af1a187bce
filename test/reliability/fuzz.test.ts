// Hostile batches, generated (fast-check), on every store: the handler answers 200, 400 or 413,
// never a 5xx, and a normal batch sent after each is applied (nothing blocks it).
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSyncHandler } from '../../src/server'
import type { SyncHandler, SyncStore } from '../../src/server'
import { aJourney, T0 } from '../builders'
import { STORES, authorize, journeyId, syncRequest } from '../server/fixtures'
import { aTable } from './table'

const table = aTable('Reliability: generated hostile batches (every store)')

/** Text with the characters that broke the stores: NUL, lone surrogates, pairs, separators. */
const text = fc.array(fc.oneof(fc.constantFrom('\0', '\uD800', '\uDC00', '😀', '😀'.slice(0, 1), 'é', '\u2028', '__proto__', '"', '\\'), fc.string({ maxLength: 8 })), { maxLength: 6 }).map((parts) => parts.join(''))
const time = fc.oneof(fc.constant(T0), fc.integer({ min: -1, max: 2 ** 53 }), fc.constantFrom(1e300, -1e300, 0.5, Number.MAX_VALUE))
const scalar = fc.oneof(text, time, fc.boolean(), fc.constant(null))
const props = fc.oneof(fc.dictionary(text, fc.oneof(scalar, fc.jsonValue({ maxDepth: 4 })), { maxKeys: 4 }), fc.jsonValue({ maxDepth: 3 }))
const event = fc.record({
  id: fc.oneof(text, fc.uuid()),
  type: fc.constantFrom('track', 'complete', 'skip', 'url', 'click', 'visible', 'session', 'nudge', 'escalation', 'reset', 'bogus'),
  at: time,
  epoch: fc.option(fc.oneof(fc.nat(3), time), { nil: undefined }),
  name: text, stepId: text, url: text, selector: text, sessionId: text, nudgeId: text, milestoneId: fc.option(text, { nil: undefined }),
  action: fc.constantFrom('shown', 'clicked', 'dismissed', 'snoozed', 'liked'), until: time, level: fc.oneof(fc.nat(5), time), notify: text,
  props,
}, { requiredKeys: ['id', 'type', 'at'] })
const progress = (userId: string) => fc.record({
  v: fc.constant(1), userId: fc.constant(userId), epoch: fc.oneof(fc.nat(3), time),
  firstSeen: time, lastSeen: time,
  steps: fc.dictionary(text, fc.record({ done: time, skipped: time }, { requiredKeys: [] }), { maxKeys: 4 }),
  tracks: fc.dictionary(text, fc.array(fc.record({ id: text, at: time, props }), { maxLength: 3 }), { maxKeys: 3 }),
  urls: fc.dictionary(text, time, { maxKeys: 3 }),
  nudges: fc.dictionary(text, fc.record({ shown: fc.dictionary(text, time, { maxKeys: 2 }), snoozed: fc.tuple(time, time) }), { maxKeys: 2 }),
  escalations: fc.dictionary(text, time, { maxKeys: 2 }),
}, { requiredKeys: ['v', 'userId'] })

describe.each(STORES)('generated hostile batches on the $name store', ({ name, make }) => {
  let store: SyncStore
  let handler: SyncHandler
  const j = journeyId(`fuzz-${name}`)
  const journey = aJourney({ id: j })
  beforeAll(() => {
    store = make()
    handler = createSyncHandler({ store, authorize, journeys: (id) => (id === j ? journey : undefined), now: () => T0, log: () => undefined })
  })
  afterAll(() => store.close())

  it('never answers a 5xx, and the batch after each hostile one is applied', async () => {
    const statuses = new Map<number, number>()
    let runs = 0
    let blocked = 0
    await fc.assert(fc.asyncProperty(
      fc.array(event, { minLength: 1, maxLength: 5 }), fc.option(progress('fuzz'), { nil: undefined }), fc.option(fc.dictionary(text, scalar, { maxKeys: 3 }), { nil: undefined }),
      async (events, doc, traits) => {
        const n = ++runs
        const body = { protocol: 1, batchId: `fz-${n}`, userId: 'fuzz', journeyId: j, events, ...(doc ? { progress: doc } : {}), ...(traits ? { traits } : {}) }
        const response = await handler(syncRequest(body, 'fuzz'))
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1)
        expect([200, 400, 413]).toContain(response.status)
        // A reset in the hostile batch may start a later epoch: the normal event follows it.
        const epoch = (await store.getProgress(j, 'fuzz'))?.epoch ?? 0
        const after = await handler(syncRequest({ protocol: 1, batchId: `ok-${n}`, userId: 'fuzz', journeyId: j, events: [{ id: `ok-${n}`, type: 'complete', stepId: `ok-${n}`, at: T0, epoch }] }, 'fuzz'))
        const applied = (await store.getProgress(j, 'fuzz'))?.steps[`ok-${n}`] !== undefined
        if (after.status !== 200 || !applied) blocked++
        expect(after.status).toBe(200)
        expect(applied).toBe(true)
      },
    ), { numRuns: 60, seed: 13 })
    table.add({ case: `60 generated hostile batches (${name})`, expected: '200 / 400 / 413 only; the next batch applied', observed: [...statuses].map(([s, c]) => `${c}×${s}`).join(', '), lost: blocked, fivexx: [...statuses].filter(([s]) => s >= 500).reduce((a, [, c]) => a + c, 0) })
  }, 120_000)
})
