/**
 * Whether two JSON values are equal whatever their keys' order (a merged document lists its keys
 * in merge order): walks both, stops at the first difference and at shared references, instead of
 * serialising two whole documents to compare their text.
 */
export const sameJson = (a: unknown, b: unknown): boolean => {
  if (a === b) return true
  if (!a || !b || typeof a != 'object' || typeof b != 'object' || Array.isArray(a) != Array.isArray(b)) return false
  const keys = Object.keys(a)
  return keys.length == Object.keys(b).length &&
    keys.every((k) => Object.hasOwn(b, k) && sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
}
