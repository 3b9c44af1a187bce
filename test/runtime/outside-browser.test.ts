// Node environment on purpose: no window, no document, no indexedDB (server rendering).
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createMilepost } from '../../src/milepost'
import { mountUi } from '../../src/ui/index'
import { aJourney } from '../builders'

/** Whether `promise` has settled after the microtasks already queued have run (no timers). */
const settledNow = async (promise: Promise<unknown>) => {
  let settled = false
  void promise.then(() => (settled = true))
  for (let i = 0; i < 5; i++) await Promise.resolve()
  return settled
}

describe('createMilepost outside a browser', () => {
  afterEach(() => vi.restoreAllMocks())

  it('settles every promise at once, is not ready with a reason, and says so once for all instances', async () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => {})
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    const journey = aJourney()
    // Its own copy of the modules: "once for all instances" is per page (module), and the SDK's Node
    // tests share their modules (test/vitest.config.ts), so an earlier file may have said it already.
    vi.resetModules()
    const { createMilepost } = await import('../../src/milepost')
    const mp = createMilepost({ config: journey, user: { id: 'u1', traits: { plan: 'pro' } } })
    createMilepost({ config: journey, user: { id: 'u2' } })
    for (const promise of [mp.init(), mp.track('report.created'), mp.complete('connect'), mp.skip('connect'),
      mp.identify('u3'), mp.flush(), mp.reset(), mp.preview({ day: 3 })]) {
      expect(await settledNow(promise)).toBe(true)
    }
    expect(mp.getState()).toMatchObject({
      ready: false, reason: 'no-browser', milestones: [], next: null, user: { id: 'u1', traits: { plan: 'pro' } }, // identify('u3') did nothing, as every method
    })
    expect(info).toHaveBeenCalledTimes(1)
    expect(String(info.mock.calls[0]![0])).toMatch(/no browser: stays idle/)
    expect(warn).not.toHaveBeenCalled()
    expect(error).not.toHaveBeenCalled()
  })

  it('gives subscribers the not-ready snapshot once, and its methods do nothing and never throw', () => {
    vi.spyOn(console, 'info').mockImplementation(() => {})
    const mp = createMilepost()
    const seen: unknown[] = []
    const stop = mp.subscribe((state) => seen.push(state.ready))
    expect(seen).toEqual([false])
    expect(() => {
      mp.open()
      mp.close()
      mp.on('milestone:completed', () => {})()
      stop()
      mp.destroy()
    }).not.toThrow()
    expect(mp.getProgress()).toBeNull()
    expect(mp.subscribe(() => {
      throw new Error('host bug')
    })).toBeTypeOf('function')
  })

  it('mounts no UI and says nothing: mountUi on the idle instance is a no-op, as its methods are', () => {
    vi.spyOn(console, 'info').mockImplementation(() => {})
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const mp = createMilepost({ config: aJourney(), ui: true })
    const errors: unknown[] = []
    mp.on('error', (e) => void errors.push(e))
    const unmount = mountUi(mp)
    expect(() => unmount()).not.toThrow()
    expect([errors, warn.mock.calls]).toEqual([[], []])
  })
})
