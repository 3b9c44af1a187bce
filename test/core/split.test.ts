import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { applyEvent, emptyProgress, mergeProgress } from '../../src/core/index'
import { changedProgress, splitProgress } from '../../src/core/split'
import type { Progress, ProgressEvent } from '../../src/core/types'
import { anyEpochEvent, anyEvent } from './arbitraries'

const fold = (doc: Progress, events: readonly ProgressEvent[]) => events.reduce(applyEvent, doc)
const events = fc.array(anyEvent, { maxLength: 25 })
const epochEvents = fc.array(anyEpochEvent, { maxLength: 25 })
const runs = { numRuns: 300 }

describe('changedProgress: what a batch of events changed, without applying them again', () => {
  it.each([['one epoch', events], ['several epochs', epochEvents]] as const)('merged into the document before, gives the document after (%s)', (_, arb) => {
    fc.assert(fc.property(arb, arb, (earlier, batch) => {
      const before = fold(emptyProgress('u1'), earlier)
      const after = fold(before, batch)
      expect(mergeProgress(before, changedProgress(before, after))).toEqual(after)
    }), runs)
  })

  it.each([['one epoch', events], ['several epochs', epochEvents]] as const)('stores what folding the batch onto an empty document stored (%s)', (_, arb) => {
    // The writer merges its part into each stored key; the store already holds `before` (and
    // maybe another tab's writes): the outcome is the same as with the batch's own fold.
    fc.assert(fc.property(arb, arb, arb, (earlier, other, drafts) => {
      const before = fold(emptyProgress('u1'), earlier)
      // As the runtime stamps them: an event without an epoch is of the document's.
      const batch = drafts.map((e) => ({ ...e, epoch: e.epoch ?? before.epoch }))
      const stored = mergeProgress(before, fold(emptyProgress('u1'), other))
      const after = fold(before, batch)
      // The batch alone, on an empty document of the epoch it is applied in (before's): what `after`
      // ignores (an older epoch, a reset to the current one) it ignores too, and a reset or a newer
      // epoch starts that epoch's document, seen at the reset, as in `after`.
      const own = fold({ ...emptyProgress('u1'), epoch: before.epoch }, batch)
      expect(mergeProgress(stored, changedProgress(before, after))).toEqual(mergeProgress(stored, own))
    }), runs)
  })

  it('holds only the entries the events touched', () => {
    const before = fold(emptyProgress('u1'), [
      { id: 'a', type: 'complete', stepId: 's1', at: 1 },
      { id: 'b', type: 'track', name: 'report.created', at: 2 },
      { id: 'c', type: 'url', url: '/reports', at: 3 },
    ])
    const after = fold(before, [{ id: 'd', type: 'complete', stepId: 's2', at: 10 }, { id: 'e', type: 'track', name: 'report.created', at: 11 }])
    const changed = changedProgress(before, after)
    expect([...splitProgress(changed).keys()].sort()).toEqual(['epoch', 'step:s2', 'track:report.created'])
    expect(changed.tracks['report.created']).toEqual(after.tracks['report.created'])
    expect(changed.lastSeen).toBe(11)
  })

  it('is the whole document after a reset', () => {
    const before = fold(emptyProgress('u1'), [{ id: 'a', type: 'complete', stepId: 's1', at: 1 }])
    const after = fold(before, [{ id: 'r', type: 'reset', at: 2 }])
    expect(after.epoch).toBe(1)
    expect(changedProgress(before, after)).toBe(after)
  })
})
