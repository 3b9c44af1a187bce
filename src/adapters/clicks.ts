/**
 * One delegated capture listener on the document: reports each selector a click's target sits
 * in, so elements added later count too. Selectors must be valid (see `validSelectors`).
 */
export const watchClicks = (
  selectors: readonly string[],
  onClick: (selector: string) => void,
  doc: Document = document,
): (() => void) => {
  const listener = (event: Event) => {
    const target = event.target as Element | null
    if (typeof target?.closest !== 'function') return
    for (const selector of selectors) if (target.closest(selector)) onClick(selector)
  }
  doc.addEventListener('click', listener, true)
  return () => doc.removeEventListener('click', listener, true)
}
