// Text that every store can keep: PostgreSQL's jsonb and text refuse NUL, and jsonb refuses lone
// surrogates (a name cut in the middle of an emoji with `slice`). Both sides clean the same way.

const SUSPECT = /[\0\uD800-\uDFFF]/
const PAIR_OR_LONE = /\0|([\uD800-\uDBFF][\uDC00-\uDFFF])|[\uD800-\uDFFF]/g

/**
 * The text without NUL characters and with each lone surrogate replaced by U+FFFD. Text that has
 * neither comes back as it is (the common case costs one regex test).
 * @example cleanText('Zoë 😀 Ltd'.slice(0, 5)) // 'Zoë \uFFFD'
 */
export const cleanText = (text: string): string =>
  SUSPECT.test(text) ? text.replace(PAIR_OR_LONE, (m, pair: string | undefined) => pair ?? (m == '\0' ? '' : '\uFFFD')) : text

/** Whether `text` holds a NUL or a lone surrogate: `cleanText` would change it. */
export const isUnclean = (text: string): boolean => SUSPECT.test(text) && cleanText(text) !== text

/**
 * A copy of JSON-like data with every key and string cleaned; nesting deeper than `depth` is
 * dropped (becomes undefined), so hostile input cannot overflow the stack later. Never throws on
 * JSON data.
 */
export const cleanJson = (value: unknown, depth = 8): unknown => {
  if (typeof value == 'string') return cleanText(value)
  if (typeof value != 'object' || value === null) return value
  if (depth <= 0) return undefined
  if (Array.isArray(value)) return value.map((v) => cleanJson(v, depth - 1))
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) {
    const c = cleanJson(v, depth - 1)
    if (c !== undefined) Object.defineProperty(out, cleanText(k), { value: c, enumerable: true, writable: true, configurable: true })
  }
  return out
}
