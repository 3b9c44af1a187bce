import type { Traits } from '../core/index'
import { cleanText } from '../core/clean'

/**
 * Only JSON scalars reach storage (a function, symbol or DOM node would make IndexedDB throw), and
 * text is cleaned as the server cleans it (no NUL, no lone surrogate, which PostgreSQL refuses), so
 * pasted text or a name cut with `slice` syncs as it shows.
 */
export const plainProps = (props: object): Record<string, unknown> =>
  Object.fromEntries(Object.entries(props)
    .filter(([, v]) => v === null || typeof v == 'string' || typeof v == 'boolean' || Number.isFinite(v))
    .map(([k, v]) => [cleanText(k), typeof v == 'string' ? cleanText(v) : v]))

/**
 * A plain object of traits, whatever the host passed: scalars, with text cleaned like props, and a
 * Date as its ISO string (what it becomes on the wire anyway). Anything else would get every sync
 * refused (the server takes scalar traits only).
 */
export const traitsOf = (t: unknown): Traits =>
  t && typeof t == 'object' && !Array.isArray(t)
    ? plainProps(Object.fromEntries(Object.entries(t).map(([k, v]) => [k, v instanceof Date && !isNaN(+v) ? v.toISOString() : v]))) as Traits
    : {}
