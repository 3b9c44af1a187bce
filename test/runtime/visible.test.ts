// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { watchVisible } from '../../src/adapters/visible'

/**
 * An IntersectionObserver as the browser behaves: observing an element reports its current state
 * once, then only changes are reported. The test decides which elements are in the viewport.
 */
const viewport = () => {
  const inView = new Set<Element>()
  const observers = new Set<{ cb: IntersectionObserverCallback; els: Set<Element> }>()
  let observes = 0
  const report = (o: { cb: IntersectionObserverCallback }, el: Element) =>
    o.cb([{ target: el, isIntersecting: inView.has(el) } as never], o as never)
  class FakeIO {
    private o = { cb: (() => {}) as IntersectionObserverCallback, els: new Set<Element>() }
    constructor(cb: IntersectionObserverCallback) {
      this.o.cb = cb
      observers.add(this.o)
    }
    observe(el: Element) {
      if (this.o.els.has(el)) return
      observes++
      this.o.els.add(el)
      queueMicrotask(() => this.o.els.has(el) && report(this.o, el))
    }
    unobserve(el: Element) {
      this.o.els.delete(el)
    }
    disconnect() {
      this.o.els.clear()
      observers.delete(this.o)
    }
  }
  return {
    IO: FakeIO as unknown as typeof IntersectionObserver,
    live: () => observers.size,
    observes: () => observes,
    enter(el: Element) {
      inView.add(el)
      for (const o of observers) if (o.els.has(el)) report(o, el)
    },
    leave(el: Element) {
      inView.delete(el)
      for (const o of observers) if (o.els.has(el)) report(o, el)
    },
  }
}

// Fake time: a burst is scanned within one frame (16 ms); `quiet` runs every timer still set, so
// "nothing was reported" holds for as long as anything could still come.
const frame = () => vi.advanceTimersByTimeAsync(16)
const quiet = () => vi.runAllTimersAsync()
const add = (html: string) => {
  const box = document.body.appendChild(document.createElement('div'))
  box.innerHTML = html
  return box
}

beforeEach(() => void vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }))
afterEach(() => {
  vi.useRealTimers()
  document.body.innerHTML = ''
})

describe('the visible trigger', () => {
  it('reports an element in view that later comes to match, as a to-do is ticked', async () => {
    const vp = viewport()
    const box = add('<ul><li class="todo" id="t1">Invite</li></ul>')
    const item = box.querySelector('#t1')!
    vp.enter(item)
    const seen: string[] = []
    const stop = watchVisible(['.todo', '.todo.done'], (s) => seen.push(s), { doc: document, IO: vp.IO, MO: MutationObserver })
    await frame()
    expect(seen).toEqual(['.todo'])
    item.classList.add('done')
    await frame()
    expect(seen).toEqual(['.todo', '.todo.done'])
    expect(vp.live()).toBe(0) // every selector seen: disconnected
    stop()
  })

  it('reports an element a component renders in its open shadow root after it was attached (a chart filled once its data came)', async () => {
    const vp = viewport()
    const host = document.body.appendChild(document.createElement('x-chart'))
    const root = host.attachShadow({ mode: 'open' })
    const seen: string[] = []
    const stop = watchVisible(['x-chart >>> .ready'], (s) => seen.push(s), { doc: document, IO: vp.IO, MO: MutationObserver })
    await quiet()
    expect(seen).toEqual([])
    const chart = root.appendChild(document.createElement('div')) // nothing changes in the page's own DOM
    chart.className = 'ready'
    vp.enter(chart)
    await frame()
    expect(seen).toEqual(['x-chart >>> .ready'])
    stop()
  })

  it('looks into a custom element defined after it started (bb-r29: its shadow root comes as it upgrades, and nothing changes in the page)', async () => {
    const vp = viewport()
    document.body.appendChild(document.createElement('late-panel')) // in the page from the start, undefined
    const seen: string[] = []
    const stop = watchVisible(['late-panel >>> .ready'], (s) => seen.push(s), { doc: document, IO: vp.IO, MO: MutationObserver })
    await quiet()
    expect(seen).toEqual([])
    customElements.define('late-panel', class extends HTMLElement {
      constructor() {
        super()
        this.attachShadow({ mode: 'open' }).innerHTML = '<div class="ready">Ready</div>'
        vp.enter(this.shadowRoot!.firstElementChild!)
      }
    })
    await frame()
    expect(seen).toEqual(['late-panel >>> .ready'])
    stop()
  })

  it('reports a data attribute change that a selector reads', async () => {
    const vp = viewport()
    const box = add('<li class="todo" id="t1">Invite</li>')
    const item = box.querySelector('#t1')!
    vp.enter(item)
    const seen: string[] = []
    const stop = watchVisible(['.todo', '[data-state="done"]'], (s) => seen.push(s), { doc: document, IO: vp.IO, MO: MutationObserver })
    await frame()
    item.setAttribute('data-state', 'done')
    await frame()
    expect(seen).toEqual(['.todo', '[data-state="done"]'])
    stop()
  })

  it('reports two selectors that one element satisfies', async () => {
    const vp = viewport()
    const box = add('<section id="report" class="card ready">Report</section>')
    const seen: string[] = []
    const stop = watchVisible(['#report', '.card.ready'], (s) => seen.push(s), { doc: document, IO: vp.IO, MO: MutationObserver })
    await frame()
    expect(seen).toEqual([])
    vp.enter(box.firstElementChild!)
    expect(seen.sort()).toEqual(['#report', '.card.ready'])
    expect(vp.live()).toBe(0)
    stop()
  })

  it('does not report an element that comes to match while out of view, until it is in view', async () => {
    const vp = viewport()
    const box = add('<li class="todo" id="t1">Invite</li>')
    const item = box.querySelector('#t1')!
    const seen: string[] = []
    const stop = watchVisible(['.todo.done'], (s) => seen.push(s), { doc: document, IO: vp.IO, MO: MutationObserver })
    item.classList.add('done')
    await frame()
    await quiet()
    expect(seen).toEqual([])
    vp.enter(item)
    expect(seen).toEqual(['.todo.done'])
    stop()
  })

  it('does not report an element that was hidden in the same burst that made it match', async () => {
    const vp = viewport()
    const box = add('<li class="todo" id="t1">Invite</li>')
    const item = box.querySelector('#t1')!
    vp.enter(item)
    const seen: string[] = []
    const stop = watchVisible(['.todo', '.todo.done'], (s) => seen.push(s), { doc: document, IO: vp.IO, MO: MutationObserver })
    await frame()
    item.classList.add('done')
    ;(item as HTMLElement).hidden = true
    vp.leave(item) // the browser's own report comes first; the re-check then reads it
    await frame()
    await quiet()
    expect(seen).toEqual(['.todo'])
    stop()
  })

  it('scans once per burst of mutations and does not observe an element twice', async () => {
    const vp = viewport()
    const box = add('<ul></ul>')
    const stop = watchVisible(['.todo'], () => {}, { doc: document, IO: vp.IO, MO: MutationObserver })
    for (let i = 0; i < 50; i++) box.firstElementChild!.appendChild(document.createElement('li')).className = 'todo'
    await frame()
    expect(vp.observes()).toBe(50)
    box.append(document.createElement('p'))
    await frame()
    await quiet()
    expect(vp.observes()).toBe(50)
    stop()
    expect(vp.live()).toBe(0)
  })
})
