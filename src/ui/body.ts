// The page's <body>, followed: Turbo Drive, htmx's boost and pjax swap the whole <body> on each
// navigation, and an observer of the first one would watch a detached element from then on.

/**
 * Observes `at()` (by default `<body>`) with `options`, and observes again whatever `at()` is after
 * the page swaps its `<body>` (a child-list change of `<html>`, observed with `html` too).
 * `onChange` hears every change and every swap. Returns the stop.
 */
export const observeBody = (
  doc: Document,
  onChange: () => void,
  options: MutationObserverInit,
  html: MutationObserverInit = {},
  at: () => Element | null = () => doc.body,
): (() => void) => {
  let seen: Element | null = null
  const observer = new MutationObserver(() => {
    follow()
    onChange()
  })
  const follow = () => {
    const el = at()
    if (el !== seen && (seen = el)) observer.observe(el, options)
  }
  observer.observe(doc.documentElement, { ...html, childList: true })
  follow()
  return () => observer.disconnect()
}
