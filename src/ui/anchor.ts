// Keeps the tooltip next to its target: finds the target, follows it with floating-ui, hides the
// tooltip when the target scrolls away or leaves the page, and re-attaches when it comes back.
import type { Placement } from '../core/types'
import { observeBody } from './body'
import { loadFloating } from './floating'
import type { Floating } from './floating'
import { notHidden, queryDeep } from '../adapters/selectors'
import { watchShadowRoots } from '../adapters/shadow-roots'
import type { ShadowRoots } from '../adapters/shadow-roots'

export interface Anchor {
  /** Ref callback for the tooltip element (null when it unmounts). */
  ref(el: HTMLElement | null): void
  /** The target selector and placement wanted now; null when no tooltip is wanted. */
  set(selector: string | null, placement?: Placement): void
  /** Places it again (what it must not cover may have come or gone). */
  refresh(): void
  /** Whether the tooltip is visible next to its target now (or a tour's target scrolls into view). */
  showing(): boolean
  /** Stops everything: autoUpdate, observer, pending frame. */
  stop(): void
}

/**
 * Whether `t` is inside a native `<dialog>` open with `showModal()`: in the top layer above the
 * widget, which it makes inert, so a tooltip on it could be neither seen whole nor closed (a target
 * outside such a dialog is covered by its backdrop: the hit test sees that). Its ancestors only,
 * never a search of the page. `:modal` is unknown to browsers before 2022: none there.
 */
const modal = (t: Element): boolean => {
  try {
    return !!t.closest('dialog')?.matches(':modal')
  } catch {
    return false
  }
}

/**
 * The bottom of the page's own fixed or sticky bar across the top of the viewport above `t` (an
 * app's header), else 0: the tooltip keeps below it, flipping to the target's other side rather
 * than covering the header. A bar is wider than it is tall: a side drawer the full height of the
 * screen (`top: 0; bottom: 0`) is not one (bb-r26: it sent a `top` step on a bottom tab bar off the
 * screen), while a centred column's header, or a two-row header on a phone in landscape, is
 * (bb-r26 again: a rule on the viewport's width and height dropped those). Milepost's own host
 * there (a tooltip at the very top) hides what is under it: none then.
 */
const barAbove = (doc: Document, t: Element, host: Node): number => {
  const r = t.getBoundingClientRect()
  for (let e = doc.elementFromPoint(r.left + r.width / 2, 1); e && e != host && !e.contains(t); e = e.parentElement) {
    const b = e.getBoundingClientRect()
    if (/fixed|sticky/.test(getComputedStyle(e).position) && b.width > b.height) return Math.min(b.bottom, r.top)
  }
  return 0
}

/** Events after which what covers a target may have moved away, with nothing changed in the DOM. */
const ENDS = ['transitionend', 'animationend']

/**
 * @param onError an internal failure (the UI unmounts itself)
 * @param onBadSelector an invalid `tooltip.target`, reported once per selector
 * @param onShown the tooltip became visible next to its target (not when its target is missing,
 * hidden or scrolled out of view)
 * @param avoid the widget's own boxes: `over`, what the tooltip must not cover (the cards in the
 * corner); `under`, what may cover its target (the panel, cards). It hides while either happens,
 * and while its target is in a native modal `<dialog>` (`modal`).
 * @param onLoadError floating-ui could not load (the script tag's file of its own): the tooltip
 * stays hidden, and the next change on the page tries again
 * @param tour a tour step's dialog: each target it finds is scrolled into view when it is not
 * (a step's dialog never waits, hidden, below the fold). Both hide while the target is covered by
 * the page (a fixed header, a modal's backdrop)
 */
export const createAnchor = (
  doc: Document, onError: (error: unknown) => void, onBadSelector: (selector: string, error: unknown) => void,
  onShown: () => void = () => {}, avoid: () => { over: Element[]; under: Element[] } = () => ({ over: [], under: [] }),
  /** The target's box each time the tooltip is placed, null when hidden (a tour's spotlight follows it). */
  onPlace: (box: DOMRect | null) => void = () => {},
  onLoadError: (error: unknown) => void = () => {},
  tour = false,
): Anchor => {
  let el: HTMLElement | null = null
  let selector: string | null = null
  let placement: Placement = 'bottom'
  let target: Element | null = null
  /** Undoes the current attachment: floating-ui following the target, or the wait for its box. */
  let release: (() => void) | null = null
  let observer: (() => void) | null = null
  /** The open shadow roots the target's path crosses, watched as the page is (shadow-roots.ts). */
  let shadows: ShadowRoots | undefined
  let frame = 0
  /** The target was just found: a tour scrolls it into view once, when it is placed. */
  let fresh = false
  /** A tour's target scrolls into view: it counts as showing until it shows. */
  let revealing = false
  const reported = new Set<string>()
  /** floating-ui, once loaded. */
  let fl: Floating | undefined

  /**
   * Where the tooltip was last placed, and whether floating-ui found the target clipped. A change
   * on the page judges it again from there (covered? under a card?); moving it is autoUpdate's
   * (scroll, resize, the target's layout shift), so a page that re-renders next to the target many
   * times a second does not pay floating-ui's measuring each time.
   */
  let last: { x: number; y: number; out: boolean | undefined } | null = null
  let shown = false
  const show = (on: boolean) => {
    if (el) el.style.visibility = on ? 'visible' : 'hidden'
    const was = shown
    shown = on && !!el
    revealing &&= !shown
    if (shown && !was) onShown()
  }
  const place = () => {
    const t = target
    const f = el
    if (!t || !f) return
    const tip = f.querySelector<HTMLElement>('.ar')
    const { computePosition, offset, flip, shift, arrow, hide } = fl!
    const padding = { top: barAbove(doc, t, (f.getRootNode() as ShadowRoot).host) + 8, right: 8, bottom: 8, left: 8 }
    // A hotspot's beacon sits on its target's top corner at the end of the line, its centre 6 px
    // out from the corner both ways: over the corner, never over the middle (a 16 px icon stays
    // clickable), and not beside the target like a tooltip, where it lay over a form's next field (bb-r29).
    const dot = f.classList.contains('hs')
    computePosition(t, f, {
      strategy: 'fixed',
      placement: dot ? 'top-end' : placement,
      // A side with no room falls back to the other side, then to the perpendicular ones; shift
      // on both axes keeps it 8 px inside the viewport (its CSS width is at most 100vw - 16px), and
      // below the page's fixed header.
      middleware: [
        offset(dot ? { mainAxis: -6, crossAxis: 18 } : 10), flip({ padding, crossAxis: false, fallbackAxisSideDirection: 'end' }), shift({ padding, crossAxis: true }),
        tip && arrow({ element: tip, padding: 8 }), hide(),
      ],
    }).then(({ x, y, placement: side, middlewareData: data }) => {
      if (t !== target || f !== el) return
      // CSSOM setters, never a style attribute: allowed under `style-src 'self'`.
      Object.assign(f.style, { left: `${x}px`, top: `${y}px` })
      f.dataset.side = side.split('-')[0]
      if (tip && data.arrow) {
        Object.assign(tip.style, { left: data.arrow.x == null ? '' : `${data.arrow.x}px`, top: data.arrow.y == null ? '' : `${data.arrow.y}px` })
      }
      last = { x, y, out: data.hide?.referenceHidden }
      judge()
    }).catch(onError)
  }
  /** Shows or hides the tooltip where it was last placed: the target drawn, in view, and neither covered nor under a card. */
  const judge = () => {
    const t = target
    const f = el
    if (!t || !f || !last) return
    const { x, y, out } = last
    // hide() sees clipping; a display:none target measures 0×0 at the corner, which it does not.
    const r = t.getBoundingClientRect()
    const { over, under } = avoid()
    const meets = (a: DOMRect, left: number, top: number, right: number, bottom: number) =>
      left < a.right && right > a.left && top < a.bottom && bottom > a.top
    // Pointing at a control under the open panel, or covering a card, helps nobody: a panel or
    // card the page itself covers (its modal, above a corner put under it with --mp-z) counts not.
    const host = (f.getRootNode() as ShadowRoot).host
    // A card that stepped aside while the user types (clear.ts: its place kept, `visibility`) still
    // counts: it is back once they stop, and the tooltip would otherwise show over the very field
    // they type in (bb-r28).
    const seen = (e: Element) => {
      const c = e.getBoundingClientRect()
      return (e as HTMLElement).style.visibility == 'hidden' || doc.elementFromPoint(c.left + c.width / 2, c.top + c.height / 2) == host
    }
    const blocked = over.some((e) => meets(e.getBoundingClientRect(), x, y, x + f.offsetWidth, y + f.offsetHeight) && seen(e)) ||
      under.some((e) => meets(e.getBoundingClientRect(), r.left, r.top, r.right, r.bottom) && seen(e))
    // Drawn: a box, and not inside something `visibility: hidden` (a closed menu that keeps its box).
    const box = r.width + r.height > 0 && notHidden(t)
    if (tour && fresh && box) {
      fresh = false
      // Below the fold, or out of view in a scrolling box: into view (smooth unless reduced
      // motion); the dialog shows and takes focus as autoUpdate follows the scroll. A target with
      // no box (inside a closed menu) waits for one first: scrolling to it would show nothing,
      // and the step would count as showing (the corner stack away) while nothing is on screen.
      if (out || r.top < 0 || r.bottom > innerHeight) {
        revealing = true
        t.scrollIntoView({ block: 'center', behavior: matchMedia('(prefers-reduced-motion:reduce)').matches ? 'auto' : 'smooth' })
      }
    }
    // Covered by the page at its centre (a fixed header, a modal's backdrop; not by its own children
    // or ancestors): the tooltip or tour step would point at what covers it (a tour's spotlight cut
    // through the page's modal, bb-r25). This widget is looked through: a step drawn over its own
    // target hid from the hit test the drawer that covered it (bb-r26); the panel and cards are
    // `under`'s. One hit test; none while a tour's target scrolls into view.
    const hit = !revealing && !out && (t.getRootNode() as Document).elementsFromPoint?.(r.left + r.width / 2, r.top + r.height / 2).find((e) => e != host)
    const covered = hit && (!t.contains(hit) && !hit.contains(t) || modal(t))
    show(!out && box && !blocked && !covered)
    onPlace(shown ? r : null)
  }
  const detach = () => {
    release?.()
    release = target = last = null
    revealing = false
    show(false)
    onPlace(null)
  }
  const find = (): Element | null => {
    try {
      return selector ? queryDeep(doc, selector, shadows?.cross) : null
    } catch (error) {
      if (!reported.has(selector!)) onBadSelector(selector!, error)
      reported.add(selector!)
      return null
    }
  }
  const check = () => {
    frame = 0
    // Still there: judged again where it is (a host modal or header added over it hides the tooltip).
    if (target?.isConnected) return void (release && fl && (last ? judge() : place()))
    detach()
    const t = el && find()
    if (!t || !el) return
    target = t
    fresh = true
    const follow = (loaded: Floating) => {
      fl = loaded
      if (target === t && el && !release) release = loaded.autoUpdate(t, el, place)
    }
    const attach = () => {
      if (fl) follow(fl)
      else {
        loadFloating().then(follow, (error: unknown) => {
          // Found again by the next check (a change on the page, another tooltip wanted).
          if (target === t) target = null
          onLoadError(error)
        }).catch(onError)
      }
    }
    // A target in the page but not shown (display: none, itself or inside a closed menu or dialog)
    // has no box: floating-ui (the script tag's file of its own) waits until it gets one.
    if (fl || t.getClientRects().length) return attach()
    const sized = new ResizeObserver(() => {
      if (target !== t || !t.getClientRects().length) return
      sized.disconnect()
      release = null
      attach()
    })
    sized.observe(t)
    release = () => sized.disconnect()
  }
  // Checks run in the next frame, coalesced: measuring the target forces a layout, which belongs
  // in the frame rather than in the render (or mutation) that asked for it. The first check waits
  // one frame more: the frame that first shows the widget lays out and paints it alone, and the
  // tooltip's measuring comes in the next (two shorter tasks instead of one long one).
  let first = true
  const run = () => {
    try {
      check()
    } catch (error) {
      onError(error)
    }
  }
  const soon = () => {
    frame ||= requestAnimationFrame(first ? () => ((first = false), (frame = requestAnimationFrame(run))) : run)
  }
  // One observer while a tooltip is wanted: it notices the target leaving and coming back, and
  // what may now cover it.
  // No polling timers.
  const watch = (on: boolean) => {
    if (on && !observer) {
      // Attributes that show or hide things (a host modal's `hidden`, a class, an inline style) re-place it too; a
      // swapped <body> (Turbo Drive) brings the target's new page. Inside the shadow roots a target's
      // path crosses alike: a route change in an app shell's shadow root changes nothing in <body>.
      const options = { childList: true, subtree: true, attributeFilter: ['class', 'hidden', 'open', 'style'] }
      const body = observeBody(doc, soon, options)
      const roots = (shadows = watchShadowRoots(doc, soon, options))
      observer = () => (body(), roots.stop())
      // The end of a transition or animation (a drawer sliding off the target) changes nothing in
      // the DOM: judged again then too (coalesced in the frame, as above).
      for (const type of ENDS) doc.addEventListener(type, soon, true)
    } else if (!on && observer) {
      for (const type of ENDS) doc.removeEventListener(type, soon, true)
      observer()
      observer = null
      cancelAnimationFrame(frame)
      frame = 0
    }
  }
  const sync = () => {
    detach()
    watch(!!(el && selector))
    if (el && selector) soon()
  }

  return {
    ref(node) {
      el = node
      sync()
    },
    set(next, where = 'bottom') {
      if (next === selector && where === placement) return
      selector = next
      placement = where
      sync()
    },
    // Only while floating-ui follows (not while the target waits for a box).
    refresh: () => void (release && fl && place()),
    showing: () => shown || revealing,
    stop() {
      el = selector = null
      sync()
    },
  }
}
