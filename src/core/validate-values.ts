// The string kinds of the journey format: ids (declared or referenced), URLs, dates, text.
import { LIMITS } from './limits'
import { bad } from './record'
import { selectorProblem } from './selector'
import { timeOf } from './start'
import { type Reader, expected, issue, leaf, str } from './validate-read'

export const text = str(LIMITS.textLength)
export const body = str(LIMITS.bodyLength, 0)

/** A CSS selector list a browser accepts (`click`, `visible`, a tooltip's or a tour step's `target`). */
export const selector: Reader = (v, p, x, d) => {
  const s = text(v, p, x, d) as string | undefined
  const why = s === undefined ? '' : selectorProblem(s)
  return why ? issue(x, p, `expected a CSS selector: ${why}`) : s
}

/**
 * A name progress keeps its records by (step ids, tracked event names): not one an object's
 * prototype answers to, which the records refuse (core/record.ts), so such a step could never complete.
 */
const kept = (read: Reader): Reader => (v, p, x, d) =>
  typeof v == 'string' && bad(v) ? issue(x, p, `expected a name other than __proto__, constructor or prototype, got "${v}"`) : read(v, p, x, d)

const ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/
export const id: Reader = kept(leaf((v) => typeof v == 'string' && v.length <= LIMITS.idLength && ID.test(v),
  `an id (letters, digits, _.:-; at most ${LIMITS.idLength})`))
/** A tracked event's name (`track("report.created")`). */
export const eventName: Reader = kept(text)

/**
 * An id that declares a `kind` (step ids are unique across the whole journey: progress is keyed
 * by them), or, without `declares`, refers to one: resolved once every id is known.
 */
export const key = (kind: string, declares?: 1): Reader => (v, p, x, d) => {
  const s = id(v, p, x, d) as string | undefined, seen = x.ids[kind] ?? (x.ids[kind] = new Map())
  if (s === undefined) return
  if (!declares) x.refs.push([kind, s, p])
  // p ends in ".id": the declaring object's path reads better in "also at …".
  else if (seen.has(s)) issue(x, p, `duplicate id "${s}" (also at ${seen.get(s)!.slice(0, -3)})`)
  else seen.set(s, p)
  return s
}

// http(s) with a host, or a same-origin relative reference. Any other scheme (javascript:, data:…),
// protocol-relative "//host", backslashes (browsers read them as "/") and control characters (C0,
// C1, U+2028 and U+2029; browsers drop tabs and newlines, so "java\tscript:" would be a scheme)
// are refused. Mirrored by the `url` pattern in schema.json.
const URL_OK = /^(https?:\/\/[^/\s\\]|(?![a-z][a-z\d+.-]*:|\/\/|\s))[^\0-\x1f\x7f-\x9f\u2028\u2029\\]*$/i
export const url: Reader = leaf((v) => typeof v == 'string' && v && v.length <= LIMITS.textLength && URL_OK.test(v),
  'an http(s) or relative URL')

// A date, or a date-time with an offset: without one, Date.parse would use the machine's time zone.
// On a day that exists, as timeOf reads it (Date.parse reads "2026-02-30" as March 2). Mirrored by
// `due` in schema.json. A date-time whose only fault is the missing zone is told so.
const DATE = /^\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d{1,3})?)?(Z|[+-]\d\d:\d\d))?$/
const isDate = (v: unknown) => typeof v == 'string' && DATE.test(v) && timeOf(v) != null
export const date: Reader = (v, p, x) => isDate(v) ? v
  : typeof v == 'string' && isDate(v + 'Z') ? issue(x, p, 'a time needs Z or an offset such as +01:00: ' + JSON.stringify(v))
  : expected(x, p, 'an ISO date-time like "2026-11-07T09:00Z" on a day that exists', v)
