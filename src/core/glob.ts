/**
 * Whether `url` (path + search + hash) matches `glob` as a whole. Only `*` is special: it matches
 * any run of characters, `/`, `?` and `#` included. Linear-time, no RegExp built from config.
 * The browser gives a page's address percent-encoded (`/caf%C3%A9`, `/my%20reports`): it matches
 * a glob written as the address bar shows it (`/café*`, `/my reports*`) and one written encoded.
 * @example matchUrl('/reports*', '/reports/1?x=2') // true
 * @example matchUrl('*#/completed', '/setup#/completed') // true
 * @example matchUrl('/café*', '/caf%C3%A9/menu') // true
 */
export const matchUrl = (glob: string, url: string): boolean =>
  matches(glob, url) || (url.includes('%') && matches(glob, decoded(url)))

/** Each run of `%XX` decoded where it is UTF-8 (a literal `%`, as in `?off=50%`, stays as it is). */
const decoded = (url: string): string => url.replace(/(%[\dA-F]{2})+/gi, (run) => {
  try {
    return decodeURI(run)
  } catch {
    return run
  }
})

const matches = (glob: string, url: string): boolean => {
  let g = 0
  let u = 0
  let star = -1
  let mark = 0
  while (u < url.length) {
    if (glob[g] == '*') {
      star = g++
      mark = u
    } else if (g < glob.length && glob[g] == url[u]) {
      g++
      u++
    } else if (star >= 0) {
      g = star + 1
      u = ++mark
    } else return false
  }
  while (glob[g] == '*') g++
  return g == glob.length
}
