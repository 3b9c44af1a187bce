/**
 * `JSON.stringify` as the spec has it, on pages that changed it: Prototype.js 1.6 defines
 * `Array.prototype.toJSON`, which makes every array a string inside JSON (`{"events":"[…]"}`), so a
 * request or a stored record would lose its lists. It is set aside (configurable, as Prototype
 * defines it) while the value is written, and put back as it was.
 */
export const stringify = (value: unknown): string => {
  const p = Array.prototype as { toJSON?: unknown }
  const own = Object.getOwnPropertyDescriptor(p, 'toJSON')
  if (!own?.configurable) return JSON.stringify(value)
  delete p.toJSON
  try {
    return JSON.stringify(value)
  } finally {
    Object.defineProperty(p, 'toJSON', own)
  }
}
