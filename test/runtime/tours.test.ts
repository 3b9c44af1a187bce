// @vitest-environment happy-dom
// startTour, the UI's moves, advanceOn by a click or a tracked event, startWhen, tour:* events,
// and a tour's place kept across a new page (instance) through the stored progress.
import { describe, expect, it, vi } from 'vitest'
import { aJourney, aMilestone, aStep } from '../builders'
import { start, warnings } from './harness'
import type { Milepost } from '../../src/runtime/api'

const tourJourney = aJourney({
  milestones: [aMilestone({ id: 'm1', steps: [aStep({ id: 'toured', completeWhen: { tour: 'intro' } })] })],
  tours: [
    {
      id: 'intro', title: 'Intro', steps: [
        { text: 'Welcome' },
        { target: '#new', text: 'Click New', advanceOn: { click: '#new' } },
        { text: 'Make a report', advanceOn: { event: 'report.created' } },
      ],
    },
    { id: 'reports', title: 'Reports', startWhen: { url: '/reports*' }, steps: [{ text: 'Reports live here' }] },
  ],
})
const events = (mp: Milepost) => {
  const seen: string[] = []
  for (const name of ['tour:started', 'tour:step', 'tour:completed', 'tour:dismissed'] as const) {
    mp.on(name, (d) => seen.push(`${name} ${d.tourId} ${d.step}`))
  }
  return seen
}

describe('tours in the runtime', () => {
  it('startTour runs a tour; Next, a click and a tracked event move it; its end completes the step', async () => {
    const mp = await start({ config: tourJourney })
    const seen = events(mp)
    await mp.startTour('intro')
    expect(mp.getState().tour).toMatchObject({ id: 'intro', step: 0 })
    await mp.record({ type: 'tour', tourId: 'intro', action: 'step', step: 1 })
    expect(mp.getState().tour?.step).toBe(1)
    const button = document.body.appendChild(document.createElement('button'))
    button.id = 'new'
    button.click()
    await mp.flush()
    expect(mp.getState().tour?.step).toBe(2)
    await mp.track('report.created')
    expect(mp.getState().tour).toBeNull()
    expect(mp.getState().milestones[0]!.steps[0]!.done).toBe(true)
    expect(seen).toEqual(['tour:started intro 0', 'tour:step intro 1', 'tour:step intro 2', 'tour:completed intro 2'])
    button.remove()
  })

  it('keeps the tour at its step on the next page load', async () => {
    const first = await start({ config: tourJourney, storage: 'local' })
    await first.startTour('intro')
    await first.record({ type: 'tour', tourId: 'intro', action: 'step', step: 1 })
    await first.flush()
    first.destroy()
    const second = await start({ config: tourJourney, storage: 'local' })
    expect(second.getState().tour).toMatchObject({ id: 'intro', step: 1 })
    await second.record({ type: 'tour', tourId: 'intro', action: 'dismissed' })
    expect(second.getState().tour).toBeNull()
    expect(second.getState().tours[0]!.status).toBe('dismissed')
  })

  it('starts a tour by its startWhen once, and a second startTour dismisses the running one', async () => {
    history.replaceState(null, '', '/')
    const mp = await start({ config: tourJourney })
    const seen = events(mp)
    history.pushState(null, '', '/reports/1')
    await mp.flush()
    expect(mp.getState().tour?.id).toBe('reports')
    await mp.startTour('intro')
    expect(seen).toEqual(['tour:started reports 0', 'tour:dismissed reports 0', 'tour:started intro 0'])
    history.pushState(null, '', '/reports/2')
    await mp.flush()
    expect(mp.getState().tour?.id).toBe('intro')
    history.replaceState(null, '', '/')
  })

  it('restarts the running tour: dismissed where it is, then started at step 0, and stored as running (on the next page too)', async () => {
    const mp = await start({ config: tourJourney, storage: 'local' })
    const seen = events(mp)
    await mp.startTour('intro')
    await mp.record({ type: 'tour', tourId: 'intro', action: 'step', step: 1 })
    await mp.startTour('intro')
    expect(seen).toEqual(['tour:started intro 0', 'tour:step intro 1', 'tour:dismissed intro 1', 'tour:started intro 0'])
    expect(mp.getState().tour).toMatchObject({ id: 'intro', step: 0, status: 'active' })
    expect(mp.getProgress()!.tours!.intro!.last).toEqual([3, expect.any(Number), 'started', 0])
    await mp.record({ type: 'tour', tourId: 'intro', action: 'step', step: 1 }) // the restarted run moves on as before
    expect(mp.getState().tour).toMatchObject({ id: 'intro', step: 1 })
    await mp.startTour('intro')
    await mp.flush()
    mp.destroy()
    const next = await start({ config: tourJourney, storage: 'local' })
    expect(next.getState().tour).toMatchObject({ id: 'intro', step: 0, status: 'active' })
  })

  it('starts a tour by its startOn signal once: on the day it holds, not again on a later page once closed', async () => {
    const journey = aJourney({
      milestones: [aMilestone({ id: 'm1', steps: [aStep({ id: 'later' })] })],
      tours: [{ id: 'day-two', title: 'Day two', startOn: { day: { day: 2 } }, steps: [{ text: 'Two days in: a quick look' }] }],
    })
    const now = Date.parse('2026-12-03T09:00:00Z')
    const signedUp = (days: number) => ({ id: 'u-start-on', traits: { signedUpAt: new Date(now - days * 86_400_000).toISOString() } })
    const early = await start({ config: journey, storage: 'local', now: () => now, user: signedUp(1) })
    await early.flush()
    expect(early.getState().tour).toBeNull() // day 1: not yet
    early.destroy()
    const first = await start({ config: journey, storage: 'local', now: () => now, user: signedUp(2) })
    const seen = events(first)
    await vi.waitFor(() => expect(first.getState().tour?.id).toBe('day-two'))
    await first.record({ type: 'tour', tourId: 'day-two', action: 'dismissed' })
    await first.flush()
    first.destroy()
    expect(seen).toEqual(['tour:dismissed day-two 0']) // started before on() could hear it: the state says so
    const next = await start({ config: journey, storage: 'local', now: () => now, user: signedUp(3) })
    await next.flush()
    expect(next.getState().tour).toBeNull()
    expect(next.getState().tours[0]!.status).toBe('dismissed')
  })

  it('moves on when the element a step waits for becomes visible, even one seen before', async () => {
    // Every observed element intersects at once.
    vi.stubGlobal('IntersectionObserver', class {
      constructor(private cb: IntersectionObserverCallback) {}
      observe(el: Element) {
        queueMicrotask(() => this.cb([{ target: el, isIntersecting: true } as IntersectionObserverEntry], this as never))
      }
      unobserve() {}
      disconnect() {}
    })
    const j = aJourney({
      milestones: [aMilestone({ id: 'm1', steps: [aStep({ id: 'seen', completeWhen: { visible: '.ready' } })] })],
      tours: [{ id: 'wait', title: 'Wait', steps: [{ text: 'Run it', advanceOn: { visible: '.ready' } }, { text: 'Done' }] }],
    })
    const ready = document.body.appendChild(document.createElement('p'))
    ready.className = 'ready'
    const mp = await start({ config: j })
    await vi.waitFor(() => expect(mp.getState().milestones[0]!.steps[0]!.done).toBe(true))
    await mp.startTour('wait')
    await vi.waitFor(() => expect(mp.getState().tour?.step).toBe(1))
    ready.remove()
    vi.unstubAllGlobals()
  })

  it('moves on when the page a step waits for is the page it begins on, and not elsewhere', async () => {
    const j = aJourney({
      tours: [{ id: 'go', title: 'Go', steps: [{ text: 'Open Reports', advanceOn: { url: '/reports*' } }, { text: 'Here they are' }] }],
    })
    history.replaceState(null, '', '/settings')
    const mp = await start({ config: j })
    await mp.startTour('go')
    await mp.flush() // the page's URL is looked at in a microtask of the start's state
    expect(mp.getState().tour?.step).toBe(0)
    await mp.record({ type: 'tour', tourId: 'go', action: 'dismissed' })
    history.replaceState(null, '', '/reports/q3?tab=all')
    await mp.startTour('go')
    await vi.waitFor(() => expect(mp.getState().tour?.step).toBe(1))
    history.replaceState(null, '', '/')
  })

  it('reports an unknown tour and ignores moves of a tour not running', async () => {
    const mp = await start({ config: tourJourney })
    await mp.startTour('nope')
    expect(warnings.join('\n')).toContain('no tour nope')
    await mp.record({ type: 'tour', tourId: 'intro', action: 'step', step: 2 })
    expect(mp.getState().tours[0]!.status).toBe('idle')
  })
})
