/**
 * FNV-1a of a text with its length: enough to tell one journey file (or one remembered state's
 * inputs) of a site from another. Not for secrets.
 * @example hash(JSON.stringify(journey)) // 'kx3j1b.9ix'
 */
export const hash = (text: string, seed = 2166136261): string => {
  let h = seed
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619)
  return (h >>> 0).toString(36) + '.' + text.length.toString(36)
}
