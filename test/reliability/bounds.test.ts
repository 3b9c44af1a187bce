// Finding 4 of issue 13, on every store: distinct event names, step ids and nudge keys no longer
// grow the progress document (and so every answer and every batch's work) without limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { applyEvent, emptyProgress, foldEvents, LIMITS, mergeProgress } from '../../src/core'
import type { ProgressEvent } from '../../src/core/types'
import { createSyncHandler } from '../../src/server'
import type { SyncHandler, SyncStore } from '../../src/server'
import { T0 } from '../builders'
import { STORES, authorize, journeyId, syncRequest } from '../server/fixtures'
import { aTable } from './table'

const table = aTable('Reliability: the document stays bounded (every store)')
const BATCHES = 130

/** Batch `b`: 80 new step ids, 15 new event names and 5 new nudges, all distinct. */
const flood = (b: number): ProgressEvent[] => [
  ...Array.from({ length: 80 }, (_, i): ProgressEvent => ({ id: `s${b}-${i}`, type: 'complete', stepId: `step-${b}-${i}`, at: T0 + b * 100 + i })),
  ...Array.from({ length: 15 }, (_, i): ProgressEvent => ({ id: `t${b}-${i}`, type: 'track', name: `event.${b}.${i}`, at: T0 + b * 100 + i })),
  ...Array.from({ length: 5 }, (_, i): ProgressEvent => ({ id: `n${b}-${i}`, type: 'nudge', nudgeId: `nudge-${b}-${i}`, action: 'shown', at: T0 + b * 100 + i })),
]

describe.each(STORES)('a flood of distinct keys on the $name store', ({ name, make }) => {
  let store: SyncStore
  let handler: SyncHandler
  const j = journeyId(`bounds-${name}`)
  beforeAll(() => {
    store = make()
    handler = createSyncHandler({ store, authorize, now: () => T0 })
  })
  afterAll(() => store.close())

  it(`keeps the earliest ${LIMITS.steps} steps, ${LIMITS.trackNames} event names and ${LIMITS.nudges} nudges after ${BATCHES} batches`, async () => {
    const sizes: number[] = []
    let fivexx = 0
    for (let b = 0; b < BATCHES; b++) {
      const response = await handler(syncRequest({ protocol: 1, batchId: `flood-${b}`, userId: 'flood', journeyId: j, events: flood(b) }, 'flood'))
      sizes.push((await response.text()).length)
      if (response.status >= 500) fivexx++
    }
    const doc = (await store.getProgress(j, 'flood'))!
    const counts = [Object.keys(doc.steps).length, Object.keys(doc.tracks).length, Object.keys(doc.nudges).length]
    table.add({
      case: `4 ${BATCHES * 80} step ids, ${BATCHES * 15} event names, ${BATCHES * 5} nudges (${name})`,
      expected: `≤ ${LIMITS.steps} / ${LIMITS.trackNames} / ${LIMITS.nudges}, earliest kept`,
      observed: `${counts.join(' / ')}; answers ${Math.round(Math.max(...sizes) / 1024)} KB at most`,
      lost: 0,
      fivexx,
    })
    expect(counts).toEqual([LIMITS.steps, LIMITS.trackNames, LIMITS.nudges])
    // The earliest are the ones kept: the first batch's, not the last one's.
    expect(doc.steps['step-0-0']).toBeDefined()
    expect(doc.steps[`step-${BATCHES - 1}-79`]).toBeUndefined()
    expect(doc.tracks['event.0.0']).toBeDefined()
    expect(fivexx).toBe(0)
  }, 120_000)
})

describe('merging at the caps', () => {
  it('gives the same document whatever the order, and the same as folding every event', () => {
    const events = Array.from({ length: 50 }, (_, b) => flood(b)).flat()
    // Three devices that saw overlapping thirds, in different orders.
    const a = foldEvents(emptyProgress('flood'), events.filter((_, i) => i % 3 != 0))
    const b = foldEvents(emptyProgress('flood'), events.filter((_, i) => i % 3 != 1).reverse())
    const c = events.filter((_, i) => i % 3 != 2).reduce(applyEvent, emptyProgress('flood'))
    const all = foldEvents(emptyProgress('flood'), events)
    expect(Object.keys(all.tracks)).toHaveLength(LIMITS.trackNames)
    expect(Object.keys(all.nudges)).toHaveLength(LIMITS.nudges)
    expect(mergeProgress(mergeProgress(a, b), c)).toEqual(all)
    expect(mergeProgress(c, mergeProgress(b, a))).toEqual(all)
  })
})
