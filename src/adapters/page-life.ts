export interface PageLifeHandlers {
  /** The page became visible again (tab switch, bfcache restore). */
  visible(): void
  /** The page was hidden: the last moment to be sure of running. Never `unload`, which breaks the bfcache. */
  hidden(): void
}

/** Follows `visibilitychange`; returns the function that stops it. */
export const watchPageLife = (on: PageLifeHandlers, doc: Document = document): (() => void) => {
  const change = () => (doc.visibilityState == 'hidden' ? on.hidden() : on.visible())
  doc.addEventListener('visibilitychange', change)
  return () => doc.removeEventListener('visibilitychange', change)
}
