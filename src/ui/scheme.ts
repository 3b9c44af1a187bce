// theme: 'auto' follows the host page, not the OS: a dark panel on a light app reads as a bug.

import { observeBody } from './body'

/**
 * The host page's scheme: its `color-scheme` when it names one side only, else its background's
 * lightness (body, then html); a page with no background is the browser's white canvas (light),
 * unless it declares `color-scheme: light dark`, where it follows the OS and so do we (null).
 */
export const pageScheme = (doc: Document): 'light' | 'dark' | null => {
  const view = doc.defaultView
  if (!view) return null
  const styles = [doc.body, doc.documentElement].flatMap((el) => (el ? [view.getComputedStyle(el)] : []))
  const words = (styles[0]?.colorScheme ?? '').split(' ')
  const dark = words.includes('dark')
  if (dark !== words.includes('light')) return dark ? 'dark' : 'light'
  for (const { backgroundColor } of styles) {
    const [r = 0, g = 0, b = 0, a = 1] = (backgroundColor.match(/[\d.]+/g) ?? []).map(Number)
    if (/^rgba?\(/.test(backgroundColor) && a > 0) return 0.2126 * r + 0.7152 * g + 0.0722 * b < 128 ? 'dark' : 'light'
  }
  return dark ? null : 'light'
}

/**
 * Calls `onChange` when the host page may have switched scheme: its `<body>` was swapped, or an attribute of `<html>` or
 * `<body>` changed (a `dark` class, a `data-theme`, a `style`), or the OS scheme did (a page
 * whose background follows `prefers-color-scheme`). Returns the stop.
 */
export const watchPageScheme = (doc: Document, onChange: () => void): (() => void) => {
  // A page that swaps its <body> (Turbo Drive, htmx) may swap its background with it.
  const stop = observeBody(doc, onChange, { attributes: true }, { attributes: true })
  const media = doc.defaultView?.matchMedia?.('(prefers-color-scheme: dark)')
  media?.addEventListener?.('change', onChange)
  return () => {
    stop()
    media?.removeEventListener?.('change', onChange)
  }
}
