/** True where Milepost can run: a page with a document (not Node, server rendering or a worker). */
export const inBrowser = (): boolean => typeof document != 'undefined'

// Once per process, not per instance: a server renders a page per request, and one line per
// request would bury the host's own logs.
let told = false

/** Says once that instances started outside a browser stay idle. */
export const sayNoBrowser = (): void => {
  if (!told) console.info('[milepost] no browser: stays idle')
  told = true
}
