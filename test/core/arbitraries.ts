// fast-check arbitraries over a small id space, so events collide, repeat and race.
import fc from 'fast-check'
import type { ProgressEvent } from '../../src/core/types'
import { T0 } from '../builders'

const key = fc.constantFrom('a', 'b', 'c')
const at = fc.integer({ min: 0, max: 20 }).map((h) => T0 + h * 3_600_000)
const base = { id: fc.constantFrom('e1', 'e2', 'e3', 'e4', 'e5', 'e6'), at }

/** Any event, reset aside, with ids from a small pool: the same id may carry different data. */
export const anyEvent: fc.Arbitrary<ProgressEvent> = fc.oneof(
  fc.record({ ...base, type: fc.constant('track' as const), name: key, props: fc.option(fc.record({ n: fc.integer({ min: 0, max: 2 }) }), { nil: undefined }) }),
  fc.record({ ...base, type: fc.constantFrom('complete' as const, 'skip' as const), stepId: key }),
  fc.record({ ...base, type: fc.constant('url' as const), url: key }),
  fc.record({ ...base, type: fc.constantFrom('click' as const, 'visible' as const), selector: key }),
  fc.record({ ...base, type: fc.constant('session' as const), sessionId: key }),
  fc.record({ ...base, type: fc.constant('nudge' as const), nudgeId: key, action: fc.constantFrom('shown' as const, 'clicked' as const, 'dismissed' as const, 'snoozed' as const), until: at }),
  fc.record({ ...base, type: fc.constant('escalation' as const), nudgeId: key, level: fc.integer({ min: 1, max: 2 }) }),
).map((e) => JSON.parse(JSON.stringify(e)) as ProgressEvent)

/** Events that sometimes carry an epoch or reset. */
export const anyEpochEvent: fc.Arbitrary<ProgressEvent> = fc.oneof(
  { weight: 8, arbitrary: anyEvent },
  { weight: 1, arbitrary: fc.record({ id: fc.string(), at, type: fc.constant('reset' as const), epoch: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }) }).map((e) => JSON.parse(JSON.stringify(e))) },
  { weight: 1, arbitrary: fc.tuple(anyEvent, fc.integer({ min: 0, max: 2 })).map(([e, epoch]) => ({ ...e, epoch })) },
)
