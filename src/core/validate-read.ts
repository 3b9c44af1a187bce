// The generic reader behind validateJourney: small combinators that check a value, report issues
// and return a clean copy. The journey format is written with them as data in validate-spec.ts.
import { bad, isObj, isValue, own } from './record'
import type { Issue, Severity } from './types'

/** State of one validateJourney call. */
export interface Ctx {
  /** Issues found so far. */
  i: Issue[]
  /** Kind ("milestone", "step"…) → id → path where it was declared (`milestones[0].id`). */
  ids: Record<string, Map<string, string>>
  /** References to resolve once every id is known: [kind, id, path]. */
  refs: [string, string, string][]
  /** Hints (`wrap`) told once every id they name is known: the issue, the words, their references. */
  hints?: [Issue, string, [string, string, string][]][]
}

/** Reads the value `v` found at path `p` (at condition depth `d`): its clean copy, or undefined when unusable. */
export type Reader = (v: unknown, p: string, x: Ctx, d: number) => unknown
export type Fields = Record<string, Reader>
/** A check on a read object: its clean copy, the keys it had, its path. */
export type Check = (o: Record<string, any>, keys: string[], p: string, x: Ctx) => unknown

export const issue = (x: Ctx, path: string, message: string, severity: Severity = 'error'): undefined =>
  void x.i.push({ path, message, severity })

/** What a wrong value is, for `expected …, got …`: `got a string ("7")`, `got null`, `got an array`. */
const got = (v: unknown): string =>
  v === undefined ? '' : ', got ' + (Array.isArray(v) ? 'an array' : v && typeof v == 'object' ? 'an object'
    : typeof v == 'string' ? (v.length > 24 ? `a string of ${v.length} characters (${JSON.stringify(v.slice(0, 20) + '…')})` : `a string (${JSON.stringify(v)})`) : v)

export const expected = (x: Ctx, p: string, what: string, v?: unknown) => issue(x, p, 'expected ' + what + got(v))

/** `a.b`, `a[0]`, and `a["odd key"]` for keys that are not identifiers, so a path always parses back. */
export const join = (p: string, k: string | number): string =>
  typeof k == 'number' ? `${p}[${k}]` : /^[A-Za-z_$][\w$]*$/.test(k) ? (p ? p + '.' + k : k) : `${p}[${JSON.stringify(k)}]`

/**
 * Edit distance where swapping two adjacent letters is one edit (optimal string alignment: `cat`
 * is 1 from `cta`, `dtae` from `date`), or 3 as soon as it must exceed 2: only near misses matter.
 */
const distance = (a: string, b: string): number => {
  if (Math.abs(a.length - b.length) > 2) return 3
  let last: number[] = [], row = [...Array(b.length + 1).keys()]
  for (let i = 0; i < a.length; i++) {
    const next = [i + 1]
    for (let j = 0; j < b.length; j++) {
      next.push(Math.min(row[j + 1]! + 1, next[j]! + 1, row[j]! + +(a[i] != b[j]),
        a[i] == b[j - 1] && a[i - 1] == b[j] ? last[j - 1]! + 1 : 3))
    }
    if (Math.min(...next) > 2) return 3
    ;[last, row] = [row, next]
  }
  return row[b.length]!
}

/**
 * The nearest name within distance 2 and its distance, or `['', 3]`. Past 100 issues a long list of
 * names (every id of a kind, for a reference) is not searched, to stay fast; `always` for a short one.
 */
const nearest = (x: Ctx, s: string, names: Iterable<string>, always?: boolean): [string, number] => {
  let best = '', d = 3
  if (always || x.i.length < 100) for (const n of names) { const e = distance(s.toLowerCase(), n.toLowerCase()); if (e < d) (d = e), (best = n) }
  return [best, d]
}

/** ` (did you mean "x"?)` for the nearest name within distance 2. */
export const hint = (x: Ctx, s: string, names: Iterable<string>): string => {
  const [best] = nearest(x, s, names)
  return best && ` (did you mean "${best}"?)`
}

/**
 * Other words for a field that are more than a typo away from it, as a person writes them
 * (lowercase, without `_`, `-` or spaces): taken for a near miss of it where it is allowed.
 */
const ALIASES: Record<string, string> = {
  escalation: 'escalate', escalations: 'escalate', escalateto: 'escalate',
  dueday: 'due', duedays: 'due', duedate: 'due', dueat: 'due', dueon: 'due',
  completion: 'completeWhen', completeon: 'completeWhen', completedon: 'completeWhen', whencomplete: 'completeWhen',
  dependencies: 'dependsOn', dependency: 'dependsOn', deps: 'dependsOn',
  after: 'afterDays', days: 'afterDays', delay: 'afterDays', to: 'notify', who: 'notify', recipient: 'notify',
}

/**
 * An unknown key: an error when it is a near miss of a known one (`completedWhen`: the step would
 * silently become manual) or another word for it (`escalation`, `dueDay`), else a warning (a custom
 * field of the team's own). Every unknown key is weighed, however many issues came before.
 */
const unknown = (x: Ctx, q: string, k: string, names: string[]) => {
  // `_due`: a field set aside by hand, as JSON has no comments.
  if (k[0] == '_') return void issue(x, q, `unknown field "${k}"`, 'warning')
  const alias = ALIASES[k.toLowerCase().replace(/[-_ ]/g, '')]
  let [best, d] = nearest(x, k, names, true)
  if (k.length < 3 && d > 1) best = ''
  if (alias && names.includes(alias) && !(best && d < 2)) (best = alias), (d = 1)
  issue(x, q, `unknown field "${k}"` + (best && ` (did you mean "${best}"?)`), best && (d < 2 || k.length > 4) ? 'error' : 'warning')
}

/**
 * An object with known `fields` (space-separated `req` required). Other keys are dropped with a
 * warning (an error when near a known field), or are read with `rest` when given (records such as `audience`).
 */
export const obj = (fields: Fields, req = '', check?: Check, rest?: Reader): Reader => {
  const need = req ? req.split(' ') : []
  const read: Reader = (v, p, x, d) => {
    if (!isObj(v)) return expected(x, p, 'an object', v) ?? wrap(x, read, fields, v, d)
    const out: Record<string, unknown> = {}, keys = Object.keys(v)
    for (const k of keys) {
      const q = join(p, k), r = own(fields, k) ?? rest
      if (bad(k)) issue(x, q, `forbidden key "${k}"`)
      // A trait or prop named "" is a slip (an audience on it matches no one, a `where` on it nothing).
      else if (!k) issue(x, q, 'expected a name, got an empty key')
      else if (r) { const c = r(v[k], q, x, d); if (c !== undefined) out[k] = c }
      else unknown(x, q, k, Object.keys(fields))
    }
    for (const k of need) if (!keys.includes(k)) issue(x, p, `missing "${k}"`)
    check?.(out, keys, p, x)
    return out
  }
  return read
}

/**
 * A bare value where an object belongs (`"due": 3`, `"missed": "setup"`): the object it was meant
 * as, said after the error (`: write { "day": 3 }`), when exactly one of its fields makes, with the
 * value, an object `read` finds no error in, and that one has no warning either (a link's label
 * alone lacks its href; `"https://…/invoices*"` could be meant as a URL, a warned one, or an event:
 * no hint). One naming an id (`{ "milestone": "setup" }`) is told once that id is known (checkGraph).
 */
const wrap = (x: Ctx, read: Reader, fields: Fields, v: unknown, d: number): undefined => {
  if (v === null || typeof v == 'object') return
  const tries = Object.keys(fields).map((k): [string, Ctx] => {
    const y: Ctx = { i: [], ids: {}, refs: [] }
    read({ [k]: v }, '', y, d)
    return [k, y]
  }).filter(([, y]) => !y.i.some((i) => i.severity == 'error'))
  const [k, y] = tries[0] ?? []
  if (tries.length == 1 && !y!.i.length) (x.hints ??= []).push([x.i[x.i.length - 1]!, `: write { "${k}": ${JSON.stringify(v)} }`, y!.refs])
}

/** An object of any keys, each value read with `r`. */
export const rec = (r: Reader): Reader => obj({}, '', undefined, r)

/** An array of `r` with `min` to `max` items. Items that cannot be read are left out of the copy. */
export const arr = (r: Reader, min = 0, max = Infinity): Reader => (v, p, x, d) => {
  if (!Array.isArray(v)) return expected(x, p, 'an array', v)
  if (v.length < min || v.length > max) issue(x, p, `expected ${max < Infinity ? `${min} to ${max} items` : 'a non-empty array'}, got ${v.length}`)
  const out: unknown[] = []
  for (let i = 0; i < v.length; i++) { const c = r(v[i], join(p, i), x, d); if (c !== undefined) out.push(c) }
  return out
}

/**
 * Check: exactly one (with `exactly`) or at least one of `names` (space-separated) is present. With
 * `emptyIsNone`, an empty array is not: a nudge whose only part is `"escalate": []` does nothing.
 */
export const present = (names: string, exactly?: 1, emptyIsNone?: true): Check => (o, keys, p, x) => {
  const given = names.split(' ').filter((k) => keys.includes(k))
  const n = given.filter((k) => !(emptyIsNone && Array.isArray(o[k]) && !o[k].length)).length
  ;(exactly ? n == 1 : n) || expected(x, p, (exactly ? 'exactly' : 'at least') + ' one of ' + names.replace(/ /g, ', ') + (given.length > n ? ' (an empty list is none)' : ''))
}

/** Check: the number `hi` is not below `lo` when both are given. */
export const order = (lo: string, hi: string): Check => (o, _, p, x) =>
  o[hi] < o[lo] && issue(x, join(p, hi), `must be ≥ ${lo} (${o[lo]}), got ${o[hi]}`)

/**
 * Exactly one kind key, e.g. `{ "url": … }` or `{ "stalled": {…} }`; `extra` are fields allowed
 * beside the kind `of` (`count` and `where` beside `event`): beside another kind, or in a bare
 * `all`/`any`, they are ignored, and warned about.
 */
export const one = (kinds: Fields, extra: Fields = {}, of = ''): Reader => {
  const exactly = present(Object.keys(kinds).join(' '), 1)
  return obj({ ...kinds, ...extra }, '', (o, keys, p, x) => {
    exactly(o, keys, p, x)
    if (!keys.includes(of)) {
      for (const k of keys) if (own(extra, k)) issue(x, join(p, k), `applies to an "${of}" condition only: ignored here`, 'warning')
    }
  })
}

/** `all` / `any` nesting, capped so that deep or cyclic input cannot exhaust the stack. */
export const nest = (r: Reader, max: number): Reader => (v, p, x, d) =>
  d < max ? r(v, p, x, d + 1) : issue(x, p, `nested deeper than ${max} levels`)

export const leaf = (ok: (v: any) => unknown, what: string): Reader => (v, p, x) => (ok(v) ? v : expected(x, p, what, v))

/** A string of `min` to `max` characters. */
export const str = (max: number, min = 1): Reader =>
  leaf((v) => typeof v == 'string' && v.length >= min && v.length <= max, `a string of ${min} to ${max} characters`)

export const num = (min: number, max: number, int?: 1): Reader =>
  leaf((v) => (int ? Number.isInteger(v) : typeof v == 'number') && v >= min && v <= max,
    `${int ? 'an integer' : 'a number'} from ${min} to ${max}`)
export const int = (min: number, max: number): Reader => num(min, max, 1)
export const bool = leaf((v) => typeof v == 'boolean', 'a boolean')
export const lit = (c: unknown): Reader => leaf((v) => v === c, '' + c)
export const en = (list: string): Reader => {
  const all = list.split(' ')
  // A near miss names the value meant: `"rigth"` → (did you mean "right"?).
  return (v, p, x) => (all.includes(v as string) ? v : issue(x, p, 'expected one of ' + all.join(', ') + got(v) + (typeof v == 'string' ? hint(x, v, all) : '')))
}
export const val = leaf(isValue, 'a string, number, boolean or null')
