// "did you mean …" for names the CLI reads itself (options, event types and fields).

/** Levenshtein distance between two short names. */
const distance = (a: string, b: string): number => {
  let row = [...Array(b.length + 1).keys()]
  for (let i = 0; i < a.length; i++) {
    const next = [i + 1]
    for (let j = 0; j < b.length; j++) next.push(Math.min(row[j + 1]! + 1, next[j]! + 1, row[j]! + +(a[i] != b[j])))
    row = next
  }
  return row[b.length]!
}

/**
 * The nearest of `names` within distance 2 (1 for names of 3 letters or fewer), ignoring case.
 * @example nearest('trait', ['traits', 'events']) // 'traits'
 */
export const nearest = (name: string, names: Iterable<string>): string | undefined => {
  let best: string | undefined
  let d = name.length <= 3 ? 2 : 3
  for (const n of names) {
    const e = distance(name.toLowerCase(), n.toLowerCase())
    if (e < d) [d, best] = [e, n]
  }
  return best
}

/** ` (did you mean "x"?)` with the nearest name, or `""`; `show` formats the name. */
export const didYouMean = (name: string, names: Iterable<string>, show = (n: string) => JSON.stringify(n)): string => {
  const n = nearest(name, names)
  return n === undefined ? '' : ` (did you mean ${show(n)}?)`
}
