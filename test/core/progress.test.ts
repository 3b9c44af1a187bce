import { describe, expect, it } from 'vitest'
import { applyEvent, DELEGATED, DISMISSED, emptyProgress, evaluate, foldEvents } from '../../src/core/index'
import { DAY, LIMITS } from '../../src/core/limits'
import type { Progress, ProgressEvent } from '../../src/core/types'
import { aJourney, anEvent, dayAt, T0 } from '../builders'

const p0 = () => emptyProgress('u1')
const apply = (...events: ProgressEvent[]) => events.reduce(applyEvent, p0())

describe('emptyProgress', () => {
  it('is a version-1 document of the user at epoch 0 with every section empty', () => {
    expect(emptyProgress('u1')).toEqual({
      v: 1, userId: 'u1', epoch: 0, steps: {}, tracks: {}, urls: {}, clicks: {}, visible: {}, sessions: {}, nudges: {}, escalations: {},
    })
  })
})

describe('applyEvent: what each event records', () => {
  const cases: [string, ProgressEvent[], Partial<Progress>][] = [
    ['track keeps a hit with its id, time and props',
      [anEvent({ id: 'e1', type: 'track', name: 'report.created', props: { kind: 'pie' }, at: T0 })],
      { tracks: { 'report.created': [{ id: 'e1', at: T0, props: { kind: 'pie' } }] } }],
    ['track without props keeps no props field',
      [anEvent({ id: 'e1', type: 'track', name: 'x', at: T0 })], { tracks: { x: [{ id: 'e1', at: T0 }] } }],
    ['complete keeps the earliest completion',
      [anEvent({ type: 'complete', stepId: 's', at: dayAt(2) }), anEvent({ type: 'complete', stepId: 's', at: dayAt(1) })],
      { steps: { s: { done: dayAt(1) } } }],
    ['skip keeps the earliest skip',
      [anEvent({ type: 'skip', stepId: 's', at: dayAt(1) }), anEvent({ type: 'skip', stepId: 's', at: dayAt(3) })],
      { steps: { s: { skipped: dayAt(1) } } }],
    ['url keeps the earliest visit',
      [anEvent({ type: 'url', url: '/a', at: dayAt(2) }), anEvent({ type: 'url', url: '/a', at: dayAt(1) })], { urls: { '/a': dayAt(1) } }],
    ['click keeps the earliest click', [anEvent({ type: 'click', selector: '#b', at: T0 })], { clicks: { '#b': T0 } }],
    ['visible keeps the earliest sighting', [anEvent({ type: 'visible', selector: '#c', at: T0 })], { visible: { '#c': T0 } }],
    ['session keeps its start', [anEvent({ type: 'session', sessionId: 's1', at: dayAt(1) }), anEvent({ type: 'session', sessionId: 's1', at: dayAt(2) })],
      { sessions: { s1: dayAt(1) } }],
    ['nudge shown records each show by event id',
      [anEvent({ id: 'a', type: 'nudge', nudgeId: 'n', action: 'shown', at: dayAt(1) }), anEvent({ id: 'b', type: 'nudge', nudgeId: 'n', action: 'shown', at: dayAt(2) })],
      { nudges: { n: { shown: { a: dayAt(1), b: dayAt(2) } } } }],
    ['nudge clicked and dismissed keep the earliest time',
      [anEvent({ type: 'nudge', nudgeId: 'n', action: 'dismissed', at: dayAt(2) }), anEvent({ type: 'nudge', nudgeId: 'n', action: 'dismissed', at: dayAt(1) }),
        anEvent({ type: 'nudge', nudgeId: 'n', action: 'clicked', at: dayAt(3) })],
      { nudges: { n: { shown: {}, dismissed: dayAt(1), clicked: dayAt(3) } } }],
    ['nudge snoozed is last-writer-wins on the event time',
      [anEvent({ type: 'nudge', nudgeId: 'n', action: 'snoozed', until: dayAt(9), at: dayAt(2) }),
        anEvent({ type: 'nudge', nudgeId: 'n', action: 'snoozed', until: dayAt(5), at: dayAt(1) })],
      { nudges: { n: { shown: {}, snoozed: [dayAt(9), dayAt(2)] } } }],
    ['nudge snoozed at the same time keeps the later until',
      [anEvent({ type: 'nudge', nudgeId: 'n', action: 'snoozed', until: dayAt(4), at: T0 }),
        anEvent({ type: 'nudge', nudgeId: 'n', action: 'snoozed', until: dayAt(6), at: T0 })],
      { nudges: { n: { shown: {}, snoozed: [dayAt(6), T0] } } }],
    ['escalation is keyed nudge:milestone:level',
      [anEvent({ type: 'escalation', nudgeId: 'n', milestoneId: 'm', level: 2, at: dayAt(3) }), anEvent({ type: 'escalation', nudgeId: 'n', level: 1, at: dayAt(4) })],
      { escalations: { 'n:m:2': dayAt(3), 'n::1': dayAt(4) } }],
  ]
  it.each(cases)('%s', (_, events, expected) => {
    expect(apply(...events)).toMatchObject(expected)
  })

  // Whole hits compared (toEqual): the cases above match a part, which a props too many would pass.
  it.each([
    ['only primitive props', { a: 1, b: 's', c: true, d: null, e: { deep: 1 }, f: Infinity }, { a: 1, b: 's', c: true, d: null }],
    ['the first 20 props, leaving out text and keys over 500 characters: a hit fits a request',
      { long: 'a'.repeat(501), ['k'.repeat(501)]: 1, edge: 'b'.repeat(500), ...Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`p${i}`, i])) },
      { edge: 'b'.repeat(500), ...Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`p${i}`, i])) }],
  ])('track keeps %s', (_, props, kept) => {
    expect(apply(anEvent({ id: 'e1', type: 'track', name: 'x', props, at: T0 })).tracks.x).toEqual([{ id: 'e1', at: T0, props: kept }])
  })

  it('firstSeen is the earliest and lastSeen the latest event time', () => {
    const p = apply(anEvent({ type: 'url', url: '/a', at: dayAt(2) }), anEvent({ type: 'url', url: '/b', at: dayAt(1) }), anEvent({ type: 'click', selector: 'x', at: dayAt(3) }))
    expect([p.firstSeen, p.lastSeen]).toEqual([dayAt(1), dayAt(3)])
  })

  it('keeps hits sorted by time, then id', () => {
    const p = apply(anEvent({ id: 'b', type: 'track', name: 'x', at: dayAt(1) }), anEvent({ id: 'c', type: 'track', name: 'x', at: T0 }), anEvent({ id: 'a', type: 'track', name: 'x', at: dayAt(1) }))
    expect(p.tracks.x!.map((h) => h.id)).toEqual(['c', 'a', 'b'])
  })
})

describe('applyEvent: idempotency, immutability, robustness', () => {
  const events: ProgressEvent[] = [
    anEvent({ type: 'track', name: 'x', at: T0 }), anEvent({ type: 'complete', stepId: 's', at: T0 }), anEvent({ type: 'skip', stepId: 's', at: T0 }),
    anEvent({ type: 'url', url: '/a', at: T0 }), anEvent({ type: 'click', selector: 'b', at: T0 }), anEvent({ type: 'visible', selector: 'c', at: T0 }),
    anEvent({ type: 'session', sessionId: 's', at: T0 }), anEvent({ type: 'nudge', nudgeId: 'n', action: 'shown', at: T0 }),
    anEvent({ type: 'nudge', nudgeId: 'n', action: 'snoozed', until: dayAt(1), at: T0 }), anEvent({ type: 'escalation', nudgeId: 'n', level: 1, at: T0 }),
  ]
  it.each(events.map((e) => [e.type, e] as const))('the same %s event applied twice counts once', (_, e) => {
    const once = applyEvent(p0(), e)
    expect(applyEvent(once, e)).toEqual(once)
  })

  it('never mutates its input and shares untouched sections', () => {
    const p = apply(anEvent({ type: 'complete', stepId: 's', at: T0 }), anEvent({ type: 'track', name: 'x', at: T0 }))
    const before = structuredClone(p)
    const q = applyEvent(p, anEvent({ type: 'track', name: 'x', at: dayAt(1) }))
    expect(p).toEqual(before)
    expect(q.steps).toBe(p.steps)
    expect(q.tracks).not.toBe(p.tracks)
    expect(q.tracks.x).toHaveLength(2)
  })

  const malformed: [string, unknown][] = [
    ['not an object', 'track'], ['no id', { type: 'track', name: 'x', at: T0 }], ['a time that is not finite', { id: 'e', type: 'track', name: 'x', at: NaN }],
    ['an unknown type', { id: 'e', type: 'explode', at: T0 }], ['an inherited type name', { id: 'e', type: 'toString', at: T0 }],
    ['a track without a name', { id: 'e', type: 'track', at: T0 }], ['a nudge with an unknown action', { id: 'e', type: 'nudge', nudgeId: 'n', action: 'boo', at: T0 }],
    ['a snooze without until', { id: 'e', type: 'nudge', nudgeId: 'n', action: 'snoozed', at: T0 }],
    ['an escalation without level', { id: 'e', type: 'escalation', nudgeId: 'n', at: T0 }], ['a string epoch', { id: 'e', type: 'url', url: '/', at: T0, epoch: '1' }],
    ['a throwing getter', { id: 'e', type: 'track', at: T0, get name() { throw new Error('boom') } }],
  ]
  it.each(malformed)('returns its input unchanged for %s', (_, e) => {
    const p = p0()
    expect(applyEvent(p, e as ProgressEvent)).toBe(p)
  })

  it.each(['__proto__', 'constructor', 'prototype'])('skips the prototype key %s everywhere', (k) => {
    const evs = [
      { type: 'track', name: k }, { type: 'complete', stepId: k }, { type: 'url', url: k }, { type: 'click', selector: k }, { type: 'session', sessionId: k },
      { type: 'nudge', nudgeId: k, action: 'clicked' }, { id: k, type: 'nudge', nudgeId: 'n', action: 'shown' },
    ]
    const p = evs.reduce((q, e) => applyEvent(q, anEvent(e as never)), p0())
    expect(p).toEqual(p0())
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.getPrototypeOf(p.steps)).toBe(Object.prototype)
  })

  it('reads inherited names such as toString as missing', () => {
    const p = apply(anEvent({ type: 'track', name: 'toString', at: T0 }), anEvent({ type: 'complete', stepId: 'hasOwnProperty', at: T0 }))
    expect(p.tracks.toString).toHaveLength(1)
    expect(p.steps.hasOwnProperty).toEqual({ done: T0 })
  })
})

describe('applyEvent: epochs and reset', () => {
  const at1 = { ...emptyProgress('u1'), epoch: 1 }
  it('ignores an event of an older epoch', () => {
    expect(applyEvent(at1, anEvent({ type: 'url', url: '/a', epoch: 0 }))).toBe(at1)
  })
  it('applies an event of the current epoch', () => {
    expect(applyEvent(at1, anEvent({ type: 'url', url: '/a', epoch: 1, at: T0 })).urls).toEqual({ '/a': T0 })
  })
  it('a reset without epoch starts the next epoch with an empty document, first and last seen at the reset', () => {
    const p = apply(anEvent({ type: 'complete', stepId: 's', at: T0 }), anEvent({ type: 'reset', at: dayAt(2) }))
    expect(p).toEqual({ ...p0(), epoch: 1, firstSeen: dayAt(2), lastSeen: dayAt(2) })
  })
  it('a reset with a newer epoch jumps to it', () => {
    expect(applyEvent(p0(), anEvent({ type: 'reset', epoch: 5 })).epoch).toBe(5)
  })
  it('a reset with the current or an older epoch is ignored', () => {
    expect(applyEvent(at1, anEvent({ type: 'reset', epoch: 1 }))).toBe(at1)
    expect(applyEvent(at1, anEvent({ type: 'reset', epoch: 0 }))).toBe(at1)
  })
  it('an event of a newer epoch starts that epoch from empty', () => {
    const p = apply(anEvent({ type: 'complete', stepId: 'old', at: T0 }), anEvent({ type: 'complete', stepId: 'new', epoch: 2, at: dayAt(1) }))
    expect(p).toMatchObject({ epoch: 2, steps: { new: { done: dayAt(1) } }, firstSeen: dayAt(1) })
    expect(p.steps.old).toBeUndefined()
  })
})

describe('applyEvent: caps', () => {
  it(`keeps the earliest ${LIMITS.hitsPerEvent} hits of a name`, () => {
    const n = LIMITS.hitsPerEvent + 20
    const evs = Array.from({ length: n }, (_, i) => anEvent({ id: `e${i}`, type: 'track', name: 'x', at: T0 + (n - i) * 1000 }))
    const hits = evs.reduce(applyEvent, p0()).tracks.x!
    expect(hits).toHaveLength(LIMITS.hitsPerEvent)
    expect(hits[0]!.at).toBe(T0 + 1000)
    expect(hits.at(-1)!.at).toBe(T0 + LIMITS.hitsPerEvent * 1000)
  })
  it(`keeps the earliest ${LIMITS.places} URLs`, () => {
    const evs = Array.from({ length: LIMITS.places + 5 }, (_, i) => anEvent({ type: 'url', url: `/${i}`, at: T0 - i }))
    const urls = evs.reduce(applyEvent, p0()).urls
    expect(Object.keys(urls)).toHaveLength(LIMITS.places)
    expect([urls['/0'], urls['/5'], urls[`/${LIMITS.places + 4}`]]).toEqual([undefined, T0 - 5, T0 - LIMITS.places - 4])
  })
  it.each([['clicks', 'click'], ['visible', 'visible']] as const)(`a fold keeps the earliest ${LIMITS.places} %s`, (section, type) => {
    const evs = Array.from({ length: LIMITS.places + 5 }, (_, i) => anEvent({ type, selector: `#${i}`, at: T0 - i }))
    const r = foldEvents(p0(), evs)[section]
    expect(Object.keys(r)).toHaveLength(LIMITS.places)
    expect([r['#4'], r['#5']]).toEqual([undefined, T0 - 5])
  })
  it(`keeps the earliest ${LIMITS.trackNames} event names of the host's, and Milepost's own names (the checklist hidden, a step handed on) besides, whichever way the events come`, () => {
    const host = Array.from({ length: LIMITS.trackNames + 5 }, (_, i) => anEvent({ id: `h${i}`, type: 'track', name: `host.${i}`, at: T0 + i }))
    const own = [DISMISSED, DELEGATED].map((name, i) => anEvent({ id: `o${i}`, type: 'track', name, at: T0 + LIMITS.trackNames + 10 + i }))
    for (const doc of [apply(...host, ...own), apply(...own, ...host), foldEvents(p0(), [...host, ...own])]) {
      const names = Object.keys(doc.tracks)
      expect(names).toHaveLength(LIMITS.trackNames + 2)
      expect(names).toEqual(expect.arrayContaining([DISMISSED, DELEGATED, 'host.0', `host.${LIMITS.trackNames - 1}`]))
      expect(names).not.toContain(`host.${LIMITS.trackNames}`)
      expect(evaluate(aJourney(), doc, { now: T0 + DAY }).dismissed).toBe(true)
    }
  })
  it(`keeps the latest ${LIMITS.sessions} sessions`, () => {
    const evs = Array.from({ length: LIMITS.sessions + 3 }, (_, i) => anEvent({ type: 'session', sessionId: `s${i}`, at: T0 + i }))
    const s = evs.reduce(applyEvent, p0()).sessions
    expect(Object.keys(s)).toHaveLength(LIMITS.sessions)
    expect([s.s0, s.s3, s[`s${LIMITS.sessions + 2}`]]).toEqual([undefined, T0 + 3, T0 + LIMITS.sessions + 2])
  })
})
