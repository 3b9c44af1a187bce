// Focus moves into each new tour step's dialog (once it is shown next to its target) and goes
// back where it was when the tour ends, like Shepherd's.
import type { TourState } from '../../core/types'

/** The focused element, inside shadow roots too. */
const deepActive = (doc: Document): HTMLElement | null => {
  let a = doc.activeElement
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement
  return a as HTMLElement | null
}

export const createTourFocus = (root: ShadowRoot, doc: Document) => {
  let key: string | null = null
  let back: HTMLElement | null = null
  let pending = false
  const tryFocus = () => {
    const el = root.querySelector<HTMLElement>('.tr')
    if (!pending || !el || getComputedStyle(el).visibility == 'hidden') return
    el.focus()
    pending = root.activeElement !== el
  }
  return {
    /** After each render, with the tour on screen (or null). */
    after(t: TourState | null) {
      const k = t && t.id + ':' + t.step
      if (k === key) return tryFocus()
      if (!key && k) back = deepActive(doc)
      key = k
      pending = !!k
      if (k) return tryFocus()
      // Given back unless the user has moved on to something else in the page meanwhile.
      const now = deepActive(doc)
      if (back?.isConnected && (!now || now === doc.body || root.contains(now))) back.focus()
      back = null
    },
    /** The dialog became visible next to its target. */
    shown: tryFocus,
    /**
     * The dialog hid while it had focus (its target left: Back to another page): focus waits on
     * `to` (where it came into the widget from), not on <body>, and the dialog takes it again
     * when it shows.
     */
    hid(to: HTMLElement | null) {
      if (!root.querySelector('.tr')?.contains(root.activeElement)) return
      pending = true
      to?.focus()
    },
  }
}
