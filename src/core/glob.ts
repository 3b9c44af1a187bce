/**
 * Whether `url` (path + search + hash) matches `glob` as a whole. Only `*` is special: it matches
 * any run of characters, `/`, `?` and `#` included. Linear-time, no RegExp built from config.
 * @example matchUrl('/reports*', '/reports/1?x=2') // true
 * @example matchUrl('*#/completed', '/setup#/completed') // true
 */
export const matchUrl = (glob: string, url: string): boolean => {
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
