import { notHidden, queryAllDeep, SHADOW } from './selectors'
import { watchShadowRoots } from './shadow-roots'

export interface VisibleEnv {
  doc: Document
  IO: typeof IntersectionObserver
  MO: typeof MutationObserver
}

/** Attributes a selector reads (`[data-done]`, `[aria-checked="true"]`), beside class, id and hidden. */
const attributesOf = (selectors: readonly string[]): string[] => {
  // `style`: a page that shows an element through its inline style (`el.style.visibility = 'visible'`).
  const names = new Set(['class', 'id', 'hidden', 'style'])
  for (const s of selectors) for (const m of s.matchAll(/\[\s*([\w-]+)/g)) names.add(m[1]!.toLowerCase())
  return [...names]
}

/**
 * Reports each selector once an element matching it intersects the viewport and is drawn (not
 * `visibility: hidden`): elements added
 * later, and elements already on the page that later come to match (a class or attribute change,
 * the usual way a to-do is ticked). One element may report several selectors. Both observers
 * disconnect when every selector has been seen. A selector path (`host >>> .done`) finds elements in
 * open shadow roots, added or changed there later too (each shadow root it crosses is watched, and a
 * custom element defined late is looked into once defined: shadow-roots.ts).
 */
export const watchVisible = (
  selectors: readonly string[],
  onVisible: (selector: string) => void,
  env: VisibleEnv = { doc: document, IO: IntersectionObserver, MO: MutationObserver },
): (() => void) => {
  const { doc } = env
  const pending = new Set(selectors)
  const observed = new WeakSet<Element>()
  const options: MutationObserverInit = { childList: true, subtree: true, attributes: true, attributeFilter: attributesOf(selectors) }
  // The latest intersection each observed element reported.
  const inView = new WeakMap<Element, boolean>()
  let timer: ReturnType<typeof setTimeout> | undefined
  const io = new env.IO((entries) => {
    for (const entry of entries) {
      inView.set(entry.target, entry.isIntersecting)
      // In the viewport but not drawn: `visibility: hidden` (a closed off-canvas panel), or
      // `content-visibility: hidden`. A class that shows it comes as a change, and a new look.
      if (!entry.isIntersecting || !notHidden(entry.target)) continue
      for (const selector of pending) {
        if (selector.includes(SHADOW) ? !queryAllDeep(doc, selector).includes(entry.target) : !entry.target.matches(selector)) continue
        pending.delete(selector)
        onVisible(selector)
      }
    }
    if (!pending.size) stop()
  })
  const scan = () => {
    timer = undefined
    const again = new Set<Element>()
    for (const selector of pending) {
      // The open shadow roots a selector path crosses are watched as the page's own DOM is: a
      // component fills its shadow root after it was attached (once its data came), and nothing
      // in the page's DOM changes then.
      queryAllDeep(doc, selector, shadows.cross).forEach((el) => {
        if (!observed.has(el)) {
          observed.add(el)
          io.observe(el)
        } else if (inView.get(el)) again.add(el)
      })
    }
    // An element in view that now matches a pending selector: its intersection will not change,
    // so no entry would come. Observing it anew makes the browser report its current state (it
    // may have been hidden in the same burst), and the callback checks the selectors again.
    for (const el of again) {
      io.unobserve(el)
      io.observe(el)
    }
  }
  // Mutations come in bursts: one scan per burst, within a frame.
  const later = () => void (timer ??= setTimeout(scan, 16))
  const mo = new env.MO(later)
  const shadows = watchShadowRoots(doc, later, options, env.MO)
  const stop = () => {
    clearTimeout(timer)
    mo.disconnect()
    shadows.stop()
    io.disconnect()
  }
  if (!pending.size) return stop
  mo.observe(doc.documentElement, options)
  scan()
  return stop
}
