export interface PageLifeHandlers {
  /** The page became visible again (tab switch, bfcache restore), or its window regained focus. */
  visible(): void
  /**
   * The page was hidden or is being left (`visibilitychange` to hidden, `pagehide`): the last moment
   * to be sure of running. Never `unload`, which breaks the bfcache. May be called twice in a row.
   */
  hidden(): void
  /** The browser is back online. */
  online(): void
  /**
   * The page goes into the back/forward cache (`pagehide` with `persisted`), after `hidden`: what
   * another page of this browser could ask for or write to (a Web Lock, a BroadcastChannel) makes
   * the browser evict it, so a Back would load it afresh.
   */
  frozen?(): void
  /** Back from the back/forward cache (`pageshow` with `persisted`). */
  restored?(): void
}

/**
 * Follows `visibilitychange`, the window's `focus` (back from another window while the page stayed
 * visible: a teammate may have done a shared step meanwhile), `pagehide` and `online`; returns the
 * function that stops it.
 */
export const watchPageLife = (on: PageLifeHandlers, doc: Document = document, win: Window = window): (() => void) => {
  const change = () => (doc.visibilityState == 'hidden' ? on.hidden() : on.visible())
  const hide = (e: PageTransitionEvent) => (on.hidden(), e.persisted && on.frozen?.())
  const show = (e: PageTransitionEvent) => e.persisted && on.restored?.()
  const online = () => on.online()
  const focus = () => doc.visibilityState == 'visible' && on.visible()
  const off = new AbortController()
  const o = { signal: off.signal }
  doc.addEventListener('visibilitychange', change, o)
  win.addEventListener('focus', focus, o)
  win.addEventListener('pagehide', hide, o)
  win.addEventListener('pageshow', show, o)
  win.addEventListener('online', online, o)
  return () => off.abort()
}

/** Calls `fn` when the page is left (`pagehide`; a tab the browser discards may not say). */
export const onLeave = (fn: () => void, win: Window = window): void => win.addEventListener('pagehide', fn)

/** Whether the browser says it is offline (`navigator.onLine === false`); never where there is no navigator. */
export const browserOffline = (): boolean => typeof navigator != 'undefined' && navigator.onLine === false
