import { expect, it } from 'vitest'
import { applyEvent, emptyProgress, escalationEventId, escalationKey, escalationLevel } from '../../src/core/index'

it('keys a level by nudge, milestone and level, with an empty milestone when the signal names none', () => {
  expect(escalationKey('missed', 'report', 3)).toBe('missed:report:3')
  expect(escalationKey('quiet', null, 1)).toBe('quiet::1')
})

it('records an escalation event under the same key the core reads', () => {
  const p = applyEvent(emptyProgress('u'), { id: 'e', at: 5, type: 'escalation', nudgeId: 'a:b', milestoneId: 'c', level: 2 })
  expect(Object.keys(p.escalations)).toEqual([escalationKey('a:b', 'c', 2)])
})

it('gives every side the same event id for one level in one epoch, and another id in the next epoch', () => {
  const key = escalationKey('missed', 'report', 2)
  expect(escalationEventId(0, key)).toBe(escalationEventId(0, key))
  expect(escalationEventId(1, key)).not.toBe(escalationEventId(0, key))
})

it('reads the level back against known ids, even when ids hold colons', () => {
  expect(escalationLevel(escalationKey('n:1', 'm:2', 4), 'n:1', 'm:2')).toBe(4)
  expect(escalationLevel(escalationKey('n:1', 'm:2', 4), 'n:1', 'm')).toBeNaN()
  expect(escalationLevel(escalationKey('n', 'm', 1), 'n', 'other')).toBeNaN()
  expect(escalationLevel('n:m:x', 'n', 'm')).toBeNaN()
})
