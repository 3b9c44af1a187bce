import { splitPath } from '../core/split-path'

/**
 * A selector path across open shadow roots: `my-app >>> #save` is `#save` inside the shadow root
 * of a `my-app`; each part is a CSS selector. Without `>>>` it is an ordinary selector.
 */
export const SHADOW = '>>>'

/**
 * Every element a selector (path) matches under `root`, in document order per shadow root.
 * `cross` hears each host the path goes through (shadow root or not yet).
 */
export const queryAllDeep = (root: ParentNode, selector: string, cross?: (host: Element) => void): Element[] => {
  const parts = splitPath(selector)
  let scopes: ParentNode[] = [root]
  let found: Element[] = []
  parts.forEach((part, i) => {
    found = scopes.flatMap((scope) => [...scope.querySelectorAll(part.trim())])
    if (i < parts.length - 1) scopes = found.flatMap((el) => (cross?.(el), el.shadowRoot ?? []))
  })
  return found
}

/** Not hidden by `visibility: hidden` (itself or an ancestor, such as a closed menu that keeps its box), nor `content-visibility`. */
export const notHidden = (el: Element): boolean => el.checkVisibility?.({ visibilityProperty: true }) !== false

/**
 * The element a selector (path) matches that the user can see: the first with a box, else the first
 * (a page's hidden mobile copy of a control before its desktop one, a closed menu's copy: a
 * tooltip points at the one on screen), or null. Throws on an invalid selector, like querySelector.
 */
export const queryDeep = (root: ParentNode, selector: string, cross?: (host: Element) => void): Element | null => {
  const all = queryAllDeep(root, selector, cross)
  // Drawn: a box, and not `visibility: hidden` (a closed menu that keeps its box, Tailwind's `invisible`).
  return all.find((el) => el.getClientRects().length && notHidden(el)) ?? all[0] ?? null
}

/**
 * Whether a click sits in an element the selector matches: an ordinary selector from the event's
 * target up (as `closest`), a selector path anywhere on its composed path (inside shadow roots).
 */
export const eventMatches = (event: Event, selector: string, doc: Document): boolean => {
  if (!selector.includes(SHADOW)) return !!(event.target as Element | null)?.closest?.(selector)
  const all = queryAllDeep(doc, selector)
  return event.composedPath().some((t) => all.includes(t as Element))
}

/** Keeps the selectors the browser can parse (each part of a shadow path); reports each other one, so none throws later. */
export const validSelectors = (
  selectors: readonly string[],
  onInvalid: (selector: string, error: unknown) => void,
  doc: Document = document,
): string[] => {
  const fragment = doc.createDocumentFragment()
  return selectors.filter((selector) => {
    try {
      for (const part of splitPath(selector)) fragment.querySelector(part.trim() || '!')
      return true
    } catch (error) {
      onInvalid(selector, error)
      return false
    }
  })
}
