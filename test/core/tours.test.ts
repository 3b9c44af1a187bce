// Tours on the engine: their progress is a mergeable register, evaluate reports where they stand,
// a tour's end completes a step, and a sighting moves the running tour or starts one.
import { describe, expect, it } from 'vitest'
import { applyEvent, evaluate, mergeProgress, sanitizeProgress, tourMove, tourMoves, validateJourney } from '../../src/core/index'
import type { Journey, Progress, ProgressEvent, Tour } from '../../src/core/types'
import { aJourney, aMilestone, anEvent, aStep, dayAt, traits } from '../builders'
import { progressOf } from './helpers'

const aTour = (over: Partial<Tour> = {}): Tour => ({
  id: 'tour-1', title: 'A tour',
  steps: [{ text: 'One' }, { target: '#two', text: 'Two', advanceOn: { click: '#two' } }, { text: 'Three', advanceOn: { event: 'report.created' } }],
  ...over,
})
const journey = (over: Partial<Journey> = {}): Journey => aJourney({
  milestones: [aMilestone({ steps: [aStep({ id: 'take-tour', completeWhen: { tour: 'tour-1' } })] })],
  tours: [aTour()],
  ...over,
})
const tourEvent = (action: 'started' | 'step' | 'completed' | 'dismissed', seq: number, day: number, step = 0): ProgressEvent =>
  anEvent({ type: 'tour', tourId: 'tour-1', action, step, seq, at: dayAt(day) })
const stateOf = (p: Progress, j = journey()) => evaluate(j, p, { now: dayAt(3) })

describe('tour progress', () => {
  it('reads idle before any event, then active at its step, then done', () => {
    expect(stateOf(progressOf()).tours[0]).toMatchObject({ status: 'idle', step: 0, steps: 3, seq: 0 })
    const started = progressOf(tourEvent('started', 0, 1))
    expect(stateOf(started).tour).toMatchObject({ id: 'tour-1', status: 'active', step: 0, seq: 1 })
    const second = applyEvent(started, tourEvent('step', 1, 1, 1))
    expect(stateOf(second).tour).toMatchObject({ step: 1, seq: 2 })
    const done = applyEvent(second, tourEvent('completed', 2, 2, 2))
    expect(stateOf(done).tour).toBeNull()
    expect(stateOf(done).tours[0]).toMatchObject({ status: 'done', doneAt: dayAt(2) })
  })

  it('startOn: a tour starts by a signal (day N reached) while it never ran; not before, not once it ran', () => {
    const j = journey({ tours: [aTour({ startOn: { day: { day: 2 } } })] })
    const at = (p: Progress, day: number, jj = j) => evaluate(jj, p, { now: dayAt(day), traits: traits() }).tours[0]!.starts
    expect(at(progressOf(), 1)).toBe(false)
    expect(at(progressOf(), 2)).toBe(true)
    expect(at(progressOf(tourEvent('dismissed', 0, 2)), 3)).toBe(false)
    expect(at(progressOf(), 9, journey())).toBe(false) // no startOn
    expect(validateJourney({ ...j, tours: [{ ...aTour(), startOn: { day: { day: 'two' } } }] }).issues.map((i) => i.path)).toContain('tours[0].startOn.day.day')
  })

  it('orders a tour by seq, not by arrival: a later step applied first still wins', () => {
    const a = progressOf(tourEvent('step', 2, 1, 2), tourEvent('started', 0, 1))
    expect(a.tours!['tour-1']!.last).toEqual([2, dayAt(1), 'step', 2])
  })

  it('reads dismissed when closed before its end, and done when a replay is closed', () => {
    expect(stateOf(progressOf(tourEvent('started', 0, 1), tourEvent('dismissed', 1, 1))).tours[0]!.status).toBe('dismissed')
    const replay = progressOf(tourEvent('started', 0, 1), tourEvent('completed', 1, 1, 2), tourEvent('started', 2, 2), tourEvent('dismissed', 3, 2))
    expect(stateOf(replay).tours[0]).toMatchObject({ status: 'done', doneAt: dayAt(1) })
  })

  it('merges in any order to the same document, and survives sanitizing', () => {
    const a = progressOf(tourEvent('started', 0, 1), tourEvent('step', 1, 1, 1))
    const b = progressOf(tourEvent('started', 0, 1), tourEvent('dismissed', 1, 2))
    const ab = mergeProgress(a, b)
    expect(ab).toEqual(mergeProgress(b, a))
    expect(ab.tours!['tour-1']!.last).toEqual([1, dayAt(2), 'dismissed', 0])
    expect(sanitizeProgress(JSON.parse(JSON.stringify(ab)), 'u1')).toEqual(ab)
  })

  it('ignores a tour event with a bad action or seq', () => {
    const p = progressOf()
    expect(applyEvent(p, { ...tourEvent('started', 0, 1), action: 'flown' } as never)).toBe(p)
    expect(applyEvent(p, { ...tourEvent('started', 0, 1), seq: -1 } as never)).toBe(p)
  })
})

describe('completeWhen: { tour }', () => {
  it('completes the step at the tour\'s first completion', () => {
    const p = progressOf(tourEvent('started', 0, 1), tourEvent('completed', 1, 2, 2))
    const step = stateOf(p).milestones[0]!.steps[0]!
    expect(step).toMatchObject({ done: true, doneAt: dayAt(2), manual: false })
  })

  it('is not done by a dismissal', () => {
    const p = progressOf(tourEvent('started', 0, 1), tourEvent('dismissed', 1, 2))
    expect(stateOf(p).milestones[0]!.steps[0]!.done).toBe(false)
  })
})

describe('tourMoves', () => {
  it('moves the running tour when its step\'s advanceOn holds by the fact, and completes past the last step', () => {
    let p = progressOf(tourEvent('started', 0, 1), tourEvent('step', 1, 1, 1))
    let s = stateOf(p)
    expect(tourMoves(s.tours, s.tour, p, { type: 'click', selector: '#other' })).toBeNull()
    expect(tourMoves(s.tours, s.tour, p, { type: 'click', selector: '#two' })).toEqual({ type: 'tour', tourId: 'tour-1', action: 'step', step: 2, seq: 2 })
    p = applyEvent(p, tourEvent('step', 2, 2, 2))
    p = applyEvent(p, anEvent({ type: 'track', name: 'report.created', at: dayAt(2) }))
    s = stateOf(p)
    expect(tourMoves(s.tours, s.tour, p, { type: 'track', name: 'report.created' })).toMatchObject({ action: 'completed', step: 2, seq: 3 })
  })

  it('counts only events since the step began', () => {
    let p = progressOf(anEvent({ type: 'track', name: 'report.created', at: dayAt(0) }), tourEvent('started', 0, 1), tourEvent('step', 1, 1, 2))
    const j = journey({ tours: [aTour({ steps: [{ text: 'a' }, { text: 'b' }, { text: 'c', advanceOn: { event: 'report.created', count: 2 } }] })] })
    p = applyEvent(p, anEvent({ type: 'track', name: 'report.created', at: dayAt(2) }))
    const s = stateOf(p, j)
    expect(tourMoves(s.tours, s.tour, p, { type: 'track', name: 'report.created' })).toBeNull()
  })

  it('starts a tour never started when its startWhen is met, once', () => {
    const j = journey({ tours: [aTour({ startWhen: { url: '/reports*' } })] })
    const p = progressOf()
    const s = stateOf(p, j)
    expect(tourMoves(s.tours, s.tour, p, { type: 'url', url: '/reports/1' })).toEqual({ type: 'tour', tourId: 'tour-1', action: 'started', step: 0, seq: 0 })
    const later = progressOf(tourEvent('started', 0, 1), tourEvent('dismissed', 1, 1))
    const s2 = stateOf(later, j)
    expect(tourMoves(s2.tours, s2.tour, later, { type: 'url', url: '/reports/1' })).toBeNull()
  })

  it('tourMove goes back, dismisses where it is and never below step 0', () => {
    const p = progressOf(tourEvent('started', 0, 1), tourEvent('step', 1, 1, 1))
    const t = stateOf(p).tour!
    expect(tourMove(t, 0)).toMatchObject({ action: 'step', step: 0, seq: 2 })
    expect(tourMove(t, -1)).toMatchObject({ action: 'step', step: 0 })
    expect(tourMove(t, 'dismissed')).toMatchObject({ action: 'dismissed', step: 1 })
  })
})

describe('validating tours', () => {
  it('accepts a tour and refuses unknown tour references with their path', () => {
    expect(validateJourney(journey()).issues).toEqual([])
    const bad = journey({ milestones: [aMilestone({ steps: [aStep({ completeWhen: { tour: 'tuor-1' }, cta: { label: 'Go', tour: 'nope' } })] })] })
    expect(validateJourney(bad).issues).toEqual([
      { path: 'milestones[0].steps[0].completeWhen.tour', message: 'unknown tour "tuor-1" (did you mean "tour-1"?)', severity: 'error' },
      { path: 'milestones[0].steps[0].cta.tour', message: 'unknown tour "nope"', severity: 'error' },
    ])
  })

  it('refuses a step that waits for something that never happens by itself', () => {
    const j = journey({ tours: [aTour({ startWhen: { manual: true }, steps: [{ text: 'a', advanceOn: { any: [{ click: '#a' }, { tour: 'tour-1' }] } }] })] })
    expect(validateJourney(j).issues).toEqual([
      { path: 'tours[0].steps[0].advanceOn.any[1]', message: 'expected a click, an event, a URL or an element (not manual or tour)', severity: 'error' },
      { path: 'tours[0].startWhen', message: 'expected a click, an event, a URL or an element (not manual or tour)', severity: 'error' },
    ])
  })

  it('names the path of a tour step without text', () => {
    const j = journey({ tours: [aTour({ steps: [{ target: '#a' } as never] })] })
    expect(validateJourney(j).issues).toContainEqual({ path: 'tours[0].steps[0]', message: 'missing "text"', severity: 'error' })
  })
})
