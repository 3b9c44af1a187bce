import { describe, expect, it } from 'vitest'
import type { Nudge, ProgressEvent } from '../../src/core/types'
import { evaluate } from '../../src/core/index'
import { aJourney, aMilestone, aNudge, anEvent, aStep, dayAt, traits } from '../builders'
import { evalAt, progressOf } from './helpers'

// m1 (due day 7) stalls after 2 days: the signal holds from day 2.
const journey = (...nudges: Nudge[]) => aJourney({ milestones: [aMilestone({ id: 'm1', due: { day: 7 }, steps: [aStep({ id: 'a' })] })], nudges })
const ladder = aNudge({ id: 'stuck', escalate: [{ afterDays: 5, notify: 'leadership', message: 'Still stuck' }, { afterDays: 3, notify: 'csm' }] })
const nudgeAt = (n: Nudge, day: number, ...events: ProgressEvent[]) => evalAt(journey(n), progressOf(...events), day).nudges[0]
const shown = (day: number, id = `show-${day}`) => anEvent({ id, type: 'nudge', nudgeId: 'n1', action: 'shown', at: dayAt(day) })
const escalated = (level: number, day: number) => anEvent({ type: 'escalation', nudgeId: 'stuck', milestoneId: 'm1', level, at: dayAt(day) })

describe('escalation ladder', () => {
  it('sorts levels by afterDays, each due afterDays after the signal first held', () => {
    expect(nudgeAt(ladder, 2)!.escalations).toEqual([
      { level: 1, notify: 'csm', dueAt: dayAt(5), pending: false },
      { level: 2, notify: 'leadership', message: 'Still stuck', dueAt: dayAt(7), pending: false },
    ])
  })
  const cases: [string, number, ProgressEvent[], number, boolean[]][] = [
    ['in-app only before day +3', 4.9, [], 0, [false, false]],
    ['day +3 reaches the CSM', 5, [], 1, [true, false]],
    ['once recorded, the CSM level is no longer pending', 6, [escalated(1, 5)], 1, [false, false]],
    ['day +5 reaches leadership', 7, [escalated(1, 5)], 2, [false, true]],
    ['both recorded: nothing pending', 8, [escalated(1, 5), escalated(2, 7)], 2, [false, false]],
    ['levels missed while away are both pending', 9, [], 2, [true, true]],
  ]
  it.each(cases)('%s', (_, day, events, level, pending) => {
    const n = nudgeAt(ladder, day, ...events)!
    expect([n.level, n.escalations.map((e) => e.pending)]).toEqual([level, pending])
  })
  it('an escalation recorded for another milestone does not count', () => {
    const other = anEvent({ type: 'escalation', nudgeId: 'stuck', milestoneId: 'm9', level: 1, at: dayAt(5) })
    expect(nudgeAt(ladder, 6, other)!.escalations[0]!.pending).toBe(true)
  })
  it('keys escalations of milestone-less signals with an empty milestone', () => {
    const n = aNudge({ id: 'd', when: { day: { day: 1 } }, escalate: [{ afterDays: 1, notify: 'csm' }] })
    const rec = anEvent({ type: 'escalation', nudgeId: 'd', level: 1, at: dayAt(2) })
    expect([nudgeAt(n, 3)!.escalations[0]!.pending, nudgeAt(n, 3, rec)!.escalations[0]!.pending]).toEqual([true, false])
  })
  it('a signal with an unknown start counts from the first show', () => {
    const n = aNudge({ when: { progress: { max: 50 } }, escalate: [{ afterDays: 1, notify: 'csm' }] })
    expect(nudgeAt(n, 9, shown(4), shown(6))).toMatchObject({ since: dayAt(4), level: 1 })
    expect(nudgeAt(n, 9)).toMatchObject({ since: dayAt(9), level: 0 })
  })
})

describe('whether the card may show', () => {
  const noCard = ({ card: _, ...n }: Nudge): Nudge => n
  const cases: [string, Nudge, number, ProgressEvent[], boolean][] = [
    ['shows when the signal holds', aNudge(), 3, [], true],
    ['a nudge without card or tooltip never shows', noCard(aNudge()), 3, [], false],
    ['a tooltip-only nudge shows', noCard(aNudge({ tooltip: { target: '#x', text: 'Here' } })), 3, [], true],
    ['dismissed: never again', aNudge(), 9, [anEvent({ type: 'nudge', nudgeId: 'n1', action: 'dismissed', at: dayAt(2) })], false],
    ['snoozed: hidden until the snooze ends', aNudge(), 3, [anEvent({ type: 'nudge', nudgeId: 'n1', action: 'snoozed', until: dayAt(4), at: dayAt(2) })], false],
    ['snoozed: back once it ends', aNudge(), 4.1, [anEvent({ type: 'nudge', nudgeId: 'n1', action: 'snoozed', until: dayAt(4), at: dayAt(2) })], true],
    // Day 0 is 09:00 UTC: day 2.6 is 23:24 on the third calendar day, 2.7 is 01:48 on the fourth.
    ['everyDays defaults to one calendar day between shows: not again the same day', aNudge(), 2.62, [shown(2.6)], false],
    ['everyDays: the next calendar day it shows again, 24 hours or not (bb-r25: a daily visitor got it every other day)', aNudge(), 2.7, [shown(2.6)], true],
    ['everyDays: a day later it shows again', aNudge(), 3.6, [shown(2.6)], true],
    ['everyDays: 3', aNudge({ everyDays: 3 }), 4.6, [shown(2.5)], false],
    ['everyDays: 3, reached at the start of the third calendar day after', aNudge({ everyDays: 3 }), 4.7, [shown(2.5)], true],
    ['everyDays: a show recorded after now (a clock that was a week ahead, then fixed) holds nothing back', aNudge(), 3.6, [shown(2.6), shown(10)], true],
    ['everyDays: the last show before now still counts beside one after now', aNudge(), 2.62, [shown(2.6), shown(10)], false],
    ['maxShows: under the cap', aNudge({ maxShows: 2 }), 9, [shown(2)], true],
    ['maxShows: the cap reached', aNudge({ maxShows: 2 }), 9, [shown(2), shown(3)], false],
  ]
  it.each(cases)('%s', (_, nudge, day, events, show) => {
    const n = nudgeAt(nudge, day, ...events)
    expect(n?.show).toBe(show)
  })
  it('counts everyDays in the user\'s calendar days: 22:00 and 01:00 in Los Angeles are two days, one in UTC', () => {
    const at = (iso: string) => Date.parse(iso)
    const p = progressOf(anEvent({ type: 'nudge', nudgeId: 'n1', action: 'shown', at: at('2026-11-03T06:00:00Z') }))
    // Day 0 at T0 (Nov 1, 09:00 UTC): the stall holds by Nov 3.
    const show = (timeZone: string) => evaluate(journey(aNudge()), p, { now: at('2026-11-03T09:00:00Z'), timeZone, traits: traits() }).nudges[0]?.show
    expect(show('America/Los_Angeles')).toBe(true)
    expect(show('UTC')).toBe(false)
  })
})

describe('which nudges apply', () => {
  it('only nudges whose signal holds are listed', () => {
    expect(evalAt(journey(aNudge({ id: 'x', when: { day: { day: 5 } } })), progressOf(), 4).nudges).toEqual([])
  })
  it('leaves out nudges outside the audience', () => {
    const j = journey(aNudge({ id: 'strategic', audience: { tier: 'strategic' } }), aNudge({ id: 'all' }))
    expect(evalAt(j, progressOf(), 3, { tier: 'smb' }).nudges.map((n) => n.id)).toEqual(['all'])
    expect(evalAt(j, progressOf(), 3, { tier: 'strategic' }).nudges.map((n) => n.id)).toEqual(['strategic', 'all'])
  })
  it('orders by priority, then file order', () => {
    const j = journey(aNudge({ id: 'a' }), aNudge({ id: 'b', priority: 5 }), aNudge({ id: 'c' }), aNudge({ id: 'd', priority: 5 }))
    expect(evalAt(j, progressOf(), 3).nudges.map((n) => n.id)).toEqual(['b', 'd', 'a', 'c'])
  })
  it('carries the nudge, its milestone and since', () => {
    const n = aNudge()
    expect(evalAt(journey(n), progressOf(), 3).nudges[0]).toMatchObject({ id: 'n1', milestone: 'm1', since: dayAt(2), level: 0, escalations: [], nudge: n })
  })
})
