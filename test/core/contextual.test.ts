// Contextual nudges (a page, an element or an event as the signal) and the journey's nudge cap.
import { describe, expect, it } from 'vitest'
import { collectTriggers, evaluate } from '../../src/core/index'
import type { Journey } from '../../src/core/types'
import { aJourney, aNudge, anEvent, dayAt } from '../builders'
import { progressOf } from './helpers'

const journey = (over: Partial<Journey> = {}): Journey => aJourney({
  nudges: [
    aNudge({ id: 'billing', when: { seen: { url: '/billing*' } }, card: { title: 'Questions about plans?' } }),
    aNudge({ id: 'export', when: { seen: { event: 'export.failed' } }, card: { title: 'Export trouble?' } }),
    aNudge({ id: 'banner', when: { seen: { visible: '.upgrade' } }, tooltip: { target: '.upgrade', text: 'New!' } }),
  ],
  ...over,
})
const visit = (url: string, day: number) => anEvent({ type: 'url', url, at: dayAt(day) })
const shown = (nudgeId: string, day: number) => anEvent({ type: 'nudge', nudgeId, action: 'shown', at: dayAt(day) })
const session = (day: number) => anEvent({ type: 'session', sessionId: 's' + day, at: dayAt(day) })

describe('contextual nudges: when: { seen }', () => {
  it('holds from the first visit of a page, the first sighting of an element, the first event', () => {
    const p = progressOf(visit('/billing/plans', 1), anEvent({ type: 'visible', selector: '.upgrade', at: dayAt(1.5) }))
    const nudges = evaluate(journey(), p, { now: dayAt(2) }).nudges
    expect(nudges.map((n) => [n.id, n.since, n.show])).toEqual([['billing', dayAt(1), true], ['banner', dayAt(1.5), true]])
  })

  it('does not hold before it is seen', () => {
    expect(evaluate(journey(), progressOf(visit('/reports', 1)), { now: dayAt(2) }).nudges).toEqual([])
  })

  it('makes the runtime watch its URL, element and event', () => {
    expect(collectTriggers(journey())).toMatchObject({ urls: ['/billing*'], visible: ['.upgrade'], events: ['export.failed'] })
  })
})

describe('nudgeCap', () => {
  const seenAll = [visit('/billing', 1), anEvent({ type: 'track', name: 'export.failed', at: dayAt(1) }), anEvent({ type: 'visible', selector: '.upgrade', at: dayAt(1) })]
  const showing = (j: Journey, ...more: ReturnType<typeof anEvent>[]) =>
    evaluate(j, progressOf(...seenAll, ...more), { now: dayAt(3) }).nudges.filter((n) => n.show).map((n) => n.id)

  it('stops offering nudges once perSession shows happened since the session began', () => {
    const j = journey({ nudgeCap: { perSession: 1 } })
    expect(showing(j, session(2.9))).toEqual(['billing', 'export', 'banner'])
    expect(showing(j, session(2.9), shown('billing', 2.95))).toEqual([])
    // A show in an earlier session does not count.
    expect(showing(j, shown('billing', 2.8), session(2.9))).toEqual(['export', 'banner'])
  })

  it('stops offering nudges once perDay shows happened in the last 24 hours', () => {
    const j = journey({ nudgeCap: { perDay: 2 } })
    expect(showing(j, shown('billing', 2.8))).toEqual(['export', 'banner'])
    expect(showing(j, shown('billing', 2.5), shown('export', 2.6))).toEqual([])
    // Shows more than 24 hours ago do not count (each nudge's everyDays has passed too).
    expect(showing(j, shown('billing', 1.5), shown('export', 1.9))).toEqual(['billing', 'export', 'banner'])
  })

  it('lets a daily card come back a day later to the millisecond, as everyDays: 1 does', () => {
    const j = journey({ nudgeCap: { perDay: 1 } })
    // Shown at this time yesterday: 24 hours are over, so the cap no longer holds.
    expect(showing(j, shown('billing', 2))).toEqual(['billing', 'export', 'banner'])
    expect(showing(j, shown('billing', 2.001))).toEqual([])
  })
})
