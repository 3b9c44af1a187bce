/** The page's path + search + hash: the address URL conditions read. */
export const pageUrl = (at: Pick<Location, 'pathname' | 'search' | 'hash'> = location): string => at.pathname + at.search + at.hash

/**
 * Reports the page's path + search + hash now and after every SPA navigation: pushState and
 * replaceState (wrapped; told in a microtask), popstate and hashchange. A page whose history methods cannot be wrapped
 * (`Object.freeze(history)`, a non-writable `pushState`) is heard through the Navigation API's
 * `currententrychange` where the browser has it. Returns the function that stops it and restores
 * the history methods.
 */
export const watchUrl = (onUrl: (url: string) => void, win: Window = window): (() => void) => {
  const { history } = win
  let live = true
  const fire = () => {
    if (live) onUrl(pageUrl(win.location))
  }
  const wrap = (name: 'pushState' | 'replaceState') => {
    const original = history[name]
    const wrapped = function (this: History, ...args: Parameters<History['pushState']>) {
      const result = original.apply(this, args)
      // Told in a microtask, with the address as it is now: a router calls pushState inside its
      // own render (Next.js's inside useInsertionEffect, which must not schedule updates), and a
      // step done then is a new state the app's subscribers render.
      const url = pageUrl(win.location)
      queueMicrotask(() => live && onUrl(url))
      return result
    }
    history[name] = wrapped
    // Another script may have wrapped ours since: then ours stays in its chain, inert.
    return () => {
      if (history[name] === wrapped) history[name] = original
    }
  }
  const stops: Array<() => void> = []
  try {
    stops.push(wrap('pushState'), wrap('replaceState'))
  } catch {
    // Frozen: what was wrapped is put back, and the browser's own navigation events tell instead.
    stops.forEach((stop) => stop())
    stops.length = 0
    const nav = (win as { navigation?: EventTarget }).navigation
    nav?.addEventListener('currententrychange', fire)
    stops.push(() => nav?.removeEventListener('currententrychange', fire))
  }
  win.addEventListener('popstate', fire)
  win.addEventListener('hashchange', fire)
  fire()
  return () => {
    live = false
    stops.forEach((stop) => stop())
    win.removeEventListener('popstate', fire)
    win.removeEventListener('hashchange', fire)
  }
}
