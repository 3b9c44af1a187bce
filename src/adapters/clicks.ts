import { eventMatches } from './selectors'

/**
 * One delegated capture listener on the document: reports each selector a click's target sits
 * in, so elements added later count too; a selector path (`host >>> #save`) matches inside open
 * shadow roots, read from the event's composed path. Selectors must be valid (see `validSelectors`).
 */
export const watchClicks = (
  selectors: readonly string[],
  onClick: (selector: string) => void,
  doc: Document = document,
): (() => void) => {
  const listener = (event: Event) => {
    for (const selector of selectors) if (eventMatches(event, selector, doc)) onClick(selector)
  }
  doc.addEventListener('click', listener, true)
  return () => doc.removeEventListener('click', listener, true)
}
