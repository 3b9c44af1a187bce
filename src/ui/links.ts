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

/**
 * Where a safe href leads from this page: `away` (another origin: opens in a new tab), `here`
 * (this very page, hash included: not worth a link) or `in` (elsewhere in this app, same tab).
 */
export const leadsTo = (href: string): 'away' | 'here' | 'in' => {
  try {
    const l = location
    const u = new URL(href, l.href)
    if (u.origin !== l.origin) return 'away'
    return u.pathname === l.pathname && u.search === l.search && u.hash === l.hash ? 'here' : 'in'
  } catch {
    return 'in' // a relative href on a page without a base URL (about:blank)
  }
}
