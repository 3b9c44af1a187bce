import { describe, expect, it } from 'vitest'
import type { Completion, ProgressEvent } from '../../src/core/types'
import { aJourney, aMilestone, anEvent, aStep, dayAt } from '../builders'
import { done, evalAt, progressOf, track } from './helpers'

const doneAt = (completeWhen: Completion | undefined, ...events: ProgressEvent[]) => {
  const j = aJourney({ milestones: [aMilestone({ steps: [aStep({ id: 's', ...(completeWhen ? { completeWhen } : {}) })] })] })
  return evalAt(j, progressOf(...events), 10).milestones[0]!.steps[0]!.doneAt
}

describe('step conditions: when a step is done', () => {
  const cases: [string, Completion | undefined, ProgressEvent[], number | null][] = [
    ['event: the first hit of that name', { event: 'report.created' }, [track('report.created', 2), track('report.created', 1)], dayAt(1)],
    ['event: no hit yet', { event: 'report.created' }, [track('other', 1)], null],
    ['event with count: the count-th hit', { event: 'invite.sent', count: 3 }, [track('invite.sent', 1), track('invite.sent', 2), track('invite.sent', 4), track('invite.sent', 5)], dayAt(4)],
    ['event with count: too few hits', { event: 'invite.sent', count: 3 }, [track('invite.sent', 1), track('invite.sent', 2)], null],
    ['event with where: only hits whose props match', { event: 'report.created', where: { kind: 'pie' } },
      [track('report.created', 1, { kind: 'bar' }), track('report.created', 3, { kind: 'pie', size: 2 })], dayAt(3)],
    ['event with count and where together', { event: 'x', count: 2, where: { ok: true } },
      [track('x', 1, { ok: true }), track('x', 2, { ok: false }), track('x', 3, { ok: true })], dayAt(3)],
    ['url: the earliest matching visit', { url: '/reports*' },
      [anEvent({ type: 'url', url: '/reports/1?x=2', at: dayAt(2) }), anEvent({ type: 'url', url: '/reports', at: dayAt(3) }), anEvent({ type: 'url', url: '/home', at: dayAt(1) })], dayAt(2)],
    ['url with a hash', { url: '*#/completed' }, [anEvent({ type: 'url', url: '/setup#/completed', at: dayAt(1) })], dayAt(1)],
    ['url written as the address bar shows it, visited encoded', { url: '/café*' },
      [anEvent({ type: 'url', url: '/cafe', at: dayAt(1) }), anEvent({ type: 'url', url: '/caf%C3%A9/menu', at: dayAt(2) })], dayAt(2)],
    ['click', { click: '#new' }, [anEvent({ type: 'click', selector: '#new', at: dayAt(2) })], dayAt(2)],
    ['visible', { visible: '.chart' }, [anEvent({ type: 'visible', selector: '.chart', at: dayAt(2) })], dayAt(2)],
    ['manual: never by itself', { manual: true }, [track('x', 1)], null],
    ['manual: when completed by hand', { manual: true }, [done('s', 2)], dayAt(2)],
    ['no completeWhen is manual', undefined, [done('s', 3)], dayAt(3)],
    ['all: the latest child', { all: [{ event: 'a' }, { click: '#b' }] }, [track('a', 1), anEvent({ type: 'click', selector: '#b', at: dayAt(3) })], dayAt(3)],
    ['all: never while one child never held', { all: [{ event: 'a' }, { click: '#b' }] }, [track('a', 1)], null],
    ['any: the earliest child that held', { any: [{ event: 'a' }, { click: '#b' }, { event: 'c' }] }, [track('a', 4), anEvent({ type: 'click', selector: '#b', at: dayAt(2) })], dayAt(2)],
    ['any: never when no child held', { any: [{ event: 'a' }] }, [], null],
    ['a completion by hand earlier than the condition wins', { event: 'a' }, [track('a', 5), done('s', 2)], dayAt(2)],
    ['the condition earlier than a completion by hand wins', { event: 'a' }, [track('a', 1), done('s', 2)], dayAt(1)],
  ]
  it.each(cases)('%s', (_, cond, events, expected) => {
    expect(doneAt(cond, ...events)).toBe(expected)
  })

  it('reports manual, optional and skipped', () => {
    const j = aJourney({ milestones: [aMilestone({ steps: [aStep({ id: 'a' }), aStep({ id: 'b', optional: true, completeWhen: { event: 'x' } })] })] })
    const [a, b] = evalAt(j, progressOf(anEvent({ type: 'skip', stepId: 'a', at: dayAt(1) })), 2).milestones[0]!.steps
    expect([a!.manual, a!.skipped, a!.done, b!.manual, b!.optional, b!.skipped]).toEqual([true, true, false, false, true, false])
  })

  it('a done step is not skipped', () => {
    const j = aJourney({ milestones: [aMilestone({ steps: [aStep({ id: 'a' })] })] })
    const [a] = evalAt(j, progressOf(anEvent({ type: 'skip', stepId: 'a', at: dayAt(1) }), done('a', 2)), 3).milestones[0]!.steps
    expect([a!.done, a!.skipped]).toEqual([true, false])
  })

  it('reads inherited names such as toString as never seen', () => {
    const j = aJourney({ milestones: [aMilestone({ steps: [
      aStep({ id: 'toString', completeWhen: { event: 'toString' } }), aStep({ id: 'valueOf', completeWhen: { click: 'hasOwnProperty' } }),
    ] })] })
    expect(evalAt(j, progressOf(), 1).milestones[0]!.steps.map((x) => x.doneAt)).toEqual([null, null])
  })
})
