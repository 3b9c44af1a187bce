// Config URLs become links only when they are http(s) or relative: no javascript:, data:, vbscript:...

/**
 * The href to render, or null when it must stay plain text. Parsing with `URL` applies the
 * browser's own rules (tabs and newlines inside `java\tscript:` are dropped), so what is checked
 * is what the browser would follow.
 */
export const safeHref = (href: unknown): string | null => {
  if (typeof href !== 'string' || !href.trim()) return null
  try {
    return /^https?:$/.test(new URL(href, 'https://relative.invalid/').protocol) ? href : null
  } catch {
    return null
  }
}
