/**
 * `JSON.stringify` as the spec has it, on pages that changed it: Prototype.js 1.6 defines
 * `Array.prototype.toJSON`, which makes every array a string inside JSON (`{"events":"[…]"}`), so a
 * request or a stored record would lose its lists. The replacer sees each value as its holder has
 * it (`this[key]`, before any `toJSON`) and keeps an array as the array it is; the page's own
 * prototypes are not touched.
 */
export const stringify = (value: unknown): string =>
  JSON.stringify(value, function (this: Record<string, unknown>, key, v: unknown) {
    const raw = this[key]
    return Array.isArray(raw) ? raw : v
  })
