// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest'
import { aJourney, aMilestone, aStep } from '../builders'
import { saved, start, warnings } from './harness'
import type { Milepost } from '../../src/runtime/api'

const done = (mp: Milepost, id: string) => mp.getState().milestones.flatMap((m) => m.steps).find((s) => s.id === id)!.done

/** An IntersectionObserver whose intersections the test decides. */
const fakeIntersections = () => {
  const observers: Array<{ cb: IntersectionObserverCallback; els: Set<Element>; live: boolean }> = []
  class FakeIO {
    private o: (typeof observers)[number]
    constructor(cb: IntersectionObserverCallback) {
      this.o = { cb, els: new Set(), live: true }
      observers.push(this.o)
    }
    observe(el: Element) {
      this.o.els.add(el)
    }
    disconnect() {
      this.o.live = false
      this.o.els.clear()
    }
  }
  vi.stubGlobal('IntersectionObserver', FakeIO)
  return {
    observers,
    /** Resolves once a live observer watches `el` (the runtime's scan of a burst of mutations). */
    observed: (el: Element) => vi.waitFor(() => expect(observers.some((o) => o.live && o.els.has(el))).toBe(true)),
    show(el: Element) {
      for (const o of observers) if (o.live && o.els.has(el)) o.cb([{ target: el, isIntersecting: true } as never], o as never)
    },
  }
}

/** A `.banner` added to the page, found by the runtime's scan (within a frame of the mutation) and shown. */
const showBanner = async (io: ReturnType<typeof fakeIntersections>, mp: Milepost): Promise<HTMLElement> => {
  const banner = document.body.appendChild(document.createElement('div'))
  banner.className = 'banner'
  await io.observed(banner)
  io.show(banner)
  await mp.flush()
  return banner
}

describe('steps that complete themselves', () => {
  it('complete on the URL at load', async () => {
    history.replaceState(null, '', '/reports/1?tab=new')
    const mp = await start()
    await mp.flush()
    expect(done(mp, 'open-reports')).toBe(true)
  })

  it('complete on an SPA navigation by pushState', async () => {
    const mp = await start()
    expect(done(mp, 'open-reports')).toBe(false)
    history.pushState(null, '', '/reports')
    await mp.flush()
    expect(done(mp, 'open-reports')).toBe(true)
  })

  // bb-r25: a page that froze `history` (or made pushState non-writable) stopped every trigger, clicks
  // and elements seen included: the wrap threw before they started.
  it('go on when history cannot be wrapped: clicks count, and URLs come through the Navigation API', async () => {
    const navigation = new EventTarget()
    vi.stubGlobal('navigation', navigation)
    const { pushState } = history
    Object.defineProperty(history, 'pushState', { value: pushState, writable: false, configurable: true })
    try {
      const mp = await start()
      const button = document.body.appendChild(Object.assign(document.createElement('button'), { id: 'new-report' }))
      button.click()
      await vi.waitFor(() => expect(done(mp, 'click-new')).toBe(true))
      history.pushState(null, '', '/reports') // the browser tells the Navigation API's listeners
      navigation.dispatchEvent(new Event('currententrychange'))
      await vi.waitFor(() => expect(done(mp, 'open-reports')).toBe(true))
      expect(warnings.filter((w) => w.includes('triggers'))).toEqual([])
      button.remove()
    } finally {
      Object.defineProperty(history, 'pushState', { value: pushState, writable: true, configurable: true })
      vi.unstubAllGlobals()
    }
  })

  it('complete on replaceState, popstate and hashchange', async () => {
    const mp = await start({
      config: aJourney({
        milestones: [aMilestone({
          steps: [
            aStep({ id: 'replaced', completeWhen: { url: '/replaced' } }),
            aStep({ id: 'popped', completeWhen: { url: '/popped' } }),
            aStep({ id: 'hashed', completeWhen: { url: '*#/done' } }),
          ],
        })],
      }),
    })
    history.replaceState(null, '', '/replaced')
    History.prototype.replaceState.call(history, null, '', '/popped') // moves without our wrapper
    window.dispatchEvent(new PopStateEvent('popstate'))
    History.prototype.replaceState.call(history, null, '', '/setup#/done')
    window.dispatchEvent(new HashChangeEvent('hashchange'))
    await mp.flush()
    expect(['replaced', 'popped', 'hashed'].map((id) => done(mp, id))).toEqual([true, true, true])
  })

  it('record only URLs some step waits for, so visited pages are not kept', async () => {
    const mp = await start()
    history.pushState(null, '', '/settings/billing')
    await mp.flush()
    expect([...(await saved()).keys()].some((k) => k.includes('url:'))).toBe(false)
  })

  it('complete on a click inside the selector, including on elements added later', async () => {
    const mp = await start()
    const late = document.createElement('button')
    late.id = 'new-report'
    const label = late.appendChild(document.createElement('span'))
    document.body.appendChild(late)
    label.click()
    await mp.flush()
    expect(done(mp, 'click-new')).toBe(true)
    late.remove()
  })

  it('complete on a click the app\'s own capture listener answers by re-rendering the toolbar (the target leaves it)', async () => {
    const j = aJourney({ milestones: [aMilestone({ id: 'm', steps: [aStep({ id: 'save', completeWhen: { click: '#toolbar .save' } }), aStep({ id: 'other' })] })] })
    const toolbar = document.body.appendChild(document.createElement('div'))
    toolbar.id = 'toolbar'
    toolbar.innerHTML = '<button class="save">Save</button>'
    // A framework's delegated handler, on the document in the capture phase, registered before Milepost's.
    const rerender = () => void (toolbar.innerHTML = '<button class="save">Saved</button>')
    document.addEventListener('click', rerender, true)
    try {
      const mp = await start({ config: j })
      toolbar.querySelector<HTMLElement>('.save')!.click()
      await mp.flush()
      expect(done(mp, 'save')).toBe(true)
    } finally {
      document.removeEventListener('click', rerender, true)
      toolbar.remove()
    }
  })

  // bb-r32 (Astro run): after reset(), a `visible` step never completed again until a reload: its
  // watcher had stopped once it had seen every selector, and nothing started it again.
  it('complete when an element added later becomes visible, then stop observing; after reset() it is watched for anew', async () => {
    const io = fakeIntersections()
    const mp = await start()
    const banner = await showBanner(io, mp)
    expect(done(mp, 'see-banner')).toBe(true)
    expect(io.observers.every((o) => !o.live)).toBe(true)
    await mp.reset()
    expect(done(mp, 'see-banner')).toBe(false)
    await io.observed(banner) // the banner still on the page: observed again, and reported when it shows
    io.show(banner)
    await mp.flush()
    expect(done(mp, 'see-banner')).toBe(true)
    mp.destroy()
    expect(io.observers.every((o) => !o.live)).toBe(true)
    banner.remove()
    vi.unstubAllGlobals()
  })

  it('do not observe visibility for a selector this user has already seen', async () => {
    const io = fakeIntersections()
    const first = await start()
    const banner = await showBanner(io, first)
    first.destroy()
    const before = io.observers.length
    await start()
    expect(io.observers.length).toBe(before)
    banner.remove()
    vi.unstubAllGlobals()
  })

  // Selectors the validator lets through (a browser closes what is open at the end) and happy-dom
  // refuses, as a browser refuses a pseudo-class it does not know: the triggers report them.
  it('warn once about invalid selectors and never throw, even when clicked around or restarted', async () => {
    const broken = aJourney({ milestones: [aMilestone({ steps: [aStep({ id: 'bad', completeWhen: { click: 'div[data-x' } }), aStep({ id: 'bad2', completeWhen: { visible: ':is(' } })] })] })
    const mp = await start({ config: broken })
    await mp.identify('u2')
    expect(() => document.body.click()).not.toThrow()
    await mp.flush()
    expect(warnings.filter((w) => w.includes('invalid selector'))).toHaveLength(1)
    expect(mp.getState().ready).toBe(true)
  })

  it('report invalid selectors to on("error") with the selector', async () => {
    const errors: Array<{ kind: string; message: string }> = []
    const broken = aJourney({ milestones: [aMilestone({ steps: [aStep({ id: 'bad', completeWhen: { click: 'div[data-x' } })] })] })
    const mp = await start({ config: broken, user: { id: 'u1' } })
    mp.on('error', (e) => errors.push(e))
    await mp.identify('u2') // restarts the triggers: still reported only once
    mp.destroy()
    const mp2 = (await import('../../src/milepost')).createMilepost()
    mp2.on('error', (e) => errors.push(e))
    await mp2.init({ config: broken, user: { id: 'u1' } })
    expect(errors).toMatchObject([{ kind: 'selector' }])
    expect(errors[0]!.message).toContain('div[data-x')
    mp2.destroy()
  })
})

describe('a user with nothing left to do on the page', () => {
  const j = aJourney({ milestones: [aMilestone({ id: 'm', steps: [aStep({ id: 'go', completeWhen: { url: '/go*' } }), aStep({ id: 'tick' })] })] })

  it('watches nothing on their next page (no history patch, no click listener), until a reset brings the watchers back', async () => {
    const first = await start({ config: j })
    await first.complete('go')
    await first.complete('tick')
    await first.flush()
    first.destroy()
    const push = history.pushState
    const clicks = vi.spyOn(window, 'addEventListener')
    const mp = await start({ config: j })
    expect(mp.getState().done).toBe(true)
    // A minute of the page's timers and frames later, still nothing watches.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'requestAnimationFrame', 'cancelAnimationFrame'] })
    await vi.advanceTimersByTimeAsync(60_000)
    vi.useRealTimers()
    expect(history.pushState).toBe(push)
    expect(clicks.mock.calls.filter(([type]) => type === 'click')).toEqual([])
    await mp.reset()
    await vi.waitFor(() => expect(history.pushState).not.toBe(push))
    history.pushState(null, '', '/go/1')
    await mp.flush()
    expect(done(mp, 'go')).toBe(true)
  })
})

describe('destroy()', () => {
  it('leaves no listener, observer, history patch, channel or timer behind', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const io = fakeIntersections()
    // Every listener added to the window or the document and not taken off since, by
    // removeEventListener or by the abort of the signal it was added with.
    const live = new Set<{ target: EventTarget; type: string; fn: unknown }>()
    const types = new Set<string>()
    for (const target of [window, document]) {
      const add = target.addEventListener.bind(target)
      const remove = target.removeEventListener.bind(target)
      vi.spyOn(target, 'addEventListener').mockImplementation((type, ...rest) => {
        const entry = { target, type, fn: rest[0] }
        live.add(entry)
        types.add(type)
        ;(rest[1] as AddEventListenerOptions | undefined)?.signal?.addEventListener('abort', () => live.delete(entry))
        add(type, ...(rest as [never]))
      })
      vi.spyOn(target, 'removeEventListener').mockImplementation((type, ...rest) => {
        for (const e of live) if (e.target === target && e.type === type && e.fn === rest[0]) live.delete(e)
        remove(type, ...(rest as [never]))
      })
    }
    const close = vi.spyOn(BroadcastChannel.prototype, 'close')
    const push = history.pushState
    const replace = history.replaceState
    const mp = await start()
    expect(history.pushState).not.toBe(push)
    expect(vi.getTimerCount()).toBeGreaterThan(0)
    mp.destroy()
    expect(history.pushState).toBe(push)
    expect(history.replaceState).toBe(replace)
    expect([...live].map((e) => e.type)).toEqual([])
    expect(types).toContain('click')
    expect(io.observers.every((o) => !o.live)).toBe(true)
    expect(close).toHaveBeenCalled()
    vi.advanceTimersByTime(120_000) // nanostores unmounts its stores after 1 s; a leaked clock would re-arm
    expect(vi.getTimerCount()).toBe(0)
    vi.unstubAllGlobals()
  })
})
