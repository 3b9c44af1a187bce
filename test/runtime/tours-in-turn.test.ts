// @vitest-environment happy-dom
// startTour() in the order of the calls, when what moves tours arrives later (the script tag's
// tours file, loaded from beside the script: here the stand-in with a loader that takes 20 ms).
import { describe, expect, it, vi } from 'vitest'
import { aJourney, aMilestone, aStep } from '../builders'
import { start } from './harness'
import type { Milepost } from '../../src/runtime/api'

vi.mock('../../src/runtime/tours', async (real) => {
  const tours = await real<typeof import('../../src/runtime/tours')>()
  const { createTours } = await import('../../src/runtime/tours-stand-in')
  const later = () => new Promise<typeof tours>((resolve) => setTimeout(() => resolve(tours), 20))
  return { ...tours, createTours: (parts: Parameters<typeof tours.createTours>[0]) => createTours(parts, later) }
})

const journey = aJourney({
  milestones: [aMilestone({ id: 'm1', steps: [aStep({ id: 's1' })] })],
  tours: [{ id: 'intro', title: 'Intro', steps: [{ text: 'Welcome' }, { text: 'Two' }] }],
})
const told = (mp: Milepost) => {
  const seen: string[] = []
  for (const name of ['tour:started', 'tour:dismissed'] as const) mp.on(name, (d) => seen.push(`${name} ${d.tourId}`))
  return seen
}

describe('startTour() with the tours file still on its way', () => {
  it('starts the tour for the user who asked when identify() of another user comes right after', async () => {
    const mp = await start({ config: journey })
    const seen = told(mp)
    const started = mp.startTour('intro')
    await mp.identify('u2')
    await started
    expect([mp.getState().user.id, mp.getState().tour]).toEqual(['u2', null])
    await mp.identify('u1')
    expect(mp.getState().tour).toMatchObject({ id: 'intro', step: 0 })
    expect(seen).toEqual(['tour:started intro'])
  })

  it('restarts the tour on a second startTour() made at once: closed where it was, then started', async () => {
    const mp = await start({ config: journey })
    const seen = told(mp)
    await Promise.all([mp.startTour('intro'), mp.startTour('intro')])
    expect(seen).toEqual(['tour:started intro', 'tour:dismissed intro', 'tour:started intro'])
  })
})
