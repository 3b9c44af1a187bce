import { eventMatches } from './selectors'

/**
 * One delegated capture listener on the window: reports each selector a click's target sits
 * in, so elements added later count too; a selector path (`host >>> #save`) matches inside open
 * shadow roots, read from the event's composed path. Selectors must be valid (see `validSelectors`).
 * The window's capture phase comes first of all: an app's own capture listener on the document
 * that re-renders the clicked toolbar has not yet taken the target out of it.
 */
export const watchClicks = (
  selectors: readonly string[],
  onClick: (selector: string) => void,
  doc: Document = document,
): (() => void) => {
  const listener = (event: Event) => {
    for (const selector of selectors) if (eventMatches(event, selector, doc)) onClick(selector)
  }
  const at = doc.defaultView ?? doc
  at.addEventListener('click', listener, true)
  return () => at.removeEventListener('click', listener, true)
}
