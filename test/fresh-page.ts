// The happy-dom files share one page and one module registry (`isolate: false` in the sdk-dom
// project: a fresh worker and page per file was two thirds of the SDK's test time). This file runs
// before each test file and gives it what a worker of its own would: the source modules evaluated
// again, and the page as it was when the worker started (no elements, storage, mocks, timers, pending tasks,
// listeners or custom elements a file before it left; a global a file set stays, as fake-indexeddb's, set once per worker, must).
import { vi } from 'vitest'

type Listeners = Record<'bubbling' | 'capturing', Map<string, unknown[]>>
type Kept = { listeners: Map<object, [Listeners, Listeners]> }
/** happy-dom's own symbols (its `PropertySymbol`s), found by their description. */
const symbol = (o: object, name: string): symbol | undefined =>
  Object.getOwnPropertySymbols(o).find((s) => s.description === name)
const copy = (l: Listeners): Listeners => ({
  bubbling: new Map([...l.bubbling].map(([k, v]) => [k, [...v]])),
  capturing: new Map([...l.capturing].map(([k, v]) => [k, [...v]])),
})
const listenersOf = (t: object) => {
  const on = symbol(t, 'listeners')!, options = symbol(t, 'listenerOptions')!
  return { on, options, get: (): [Listeners, Listeners] => [(t as Record<symbol, Listeners>)[on]!, (t as Record<symbol, Listeners>)[options]!] }
}
/** The happy-dom window behind the globals (whose methods are bound to it), as an event's target. */
const theWindow = (): object => {
  let found: object | null = null
  const probe = (e: Event) => void (found = e.currentTarget)
  addEventListener('milepost-test-probe', probe)
  dispatchEvent(new Event('milepost-test-probe'))
  removeEventListener('milepost-test-probe', probe)
  return found!
}
const targets: object[] = [theWindow(), document]
const w = globalThis as unknown as Record<string, unknown> & { [K: symbol]: Kept | undefined }
const KEPT = Symbol.for('milepost.test.fresh-page')

const kept = w[KEPT]
if (!kept) {
  // The worker's first file: what the page is before any test touched it.
  w[KEPT] = {
    listeners: new Map(targets.map((t) => [t, listenersOf(t).get().map(copy) as [Listeners, Listeners]])),
  }
} else {
  // What a file before left waiting (timers, frames, fetches) ends here, as it would with its page.
  await (globalThis as { happyDOM?: { abort(): Promise<void> } }).happyDOM?.abort()
  vi.resetModules()
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
  vi.useRealTimers()
  for (const [t, [on, options]] of kept.listeners) {
    const l = listenersOf(t)
    ;(t as unknown as Record<symbol, Listeners>)[l.on] = copy(on)
    ;(t as unknown as Record<symbol, Listeners>)[l.options] = copy(options)
  }
  document.head.replaceChildren()
  document.body.replaceChildren()
  document.title = ''
  for (const a of [...document.documentElement.attributes]) document.documentElement.removeAttribute(a.name)
  history.replaceState(null, '', 'http://localhost:3000/')
  // A spy on the storage object itself is left behind by its restore (happy-dom's Storage is a proxy
  // that will not delete a method), so the methods are put back as the prototype has them.
  for (const s of [localStorage, sessionStorage]) {
    s.clear()
    for (const k of Object.getOwnPropertyNames(Storage.prototype)) {
      const d = Object.getOwnPropertyDescriptor(Storage.prototype, k)!
      if (typeof d.value == 'function' && k !== 'constructor') Object.defineProperty(s, k, { value: d.value, configurable: true, writable: true })
    }
  }
  const registry = symbol(customElements, 'registry')
  if (registry) (customElements as unknown as Record<symbol, unknown>)[registry] = new Map()
  for (const c of document.cookie.split(';')) {
    const name = c.split('=')[0]!.trim()
    if (name) document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`
  }
}
