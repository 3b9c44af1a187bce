// Conditions of the journey format: step completion, nudge signals and audiences.
import { LIMITS } from './limits'
import { isObj } from './record'
import { type Reader, arr, bool, expected, int, issue, join, leaf, nest, num, obj, one, order, present, rec, val } from './validate-read'
import { eventName, key, selector, text } from './validate-values'

const depth = LIMITS.conditionDepth
export const days = int(0, 3650)

// Each list reads its items through a closure, so the recursive readers below can refer to themselves.
const completions: Reader = arr((v, p, x, d) => completion(v, p, x, d), 1)

/**
 * A URL glob: read as text, and warned about where it can never match the page's address (its path,
 * query and hash, with `*` the only special character): an origin (`https://…`), no leading `/` or
 * `*`, or the marks of a regular expression (`^`, `$`, `\`, `.*`, `[0-9]+`).
 */
const glob: Reader = (v, p, x, d) => {
  const g = text(v, p, x, d) as string | undefined
  const why = g === undefined ? ''
    : /^[a-z][\w+.-]*:\/\//i.test(g) ? `never matches: the page's path is matched, not its origin (write "${g.replace(/^[^:]+:\/\/[^/]*/, '') || '/'}")`
    : /^\^|\$$|\\|\.[*+]|\[[^\]]*\][*+?{]/.test(g) ? 'looks like a regular expression: only "*" is special in a URL glob'
    : /^[^/*]/.test(g) ? `never matches: a page's path starts with "/" (write "/${g}")` : ''
  if (why) issue(x, p, why, 'warning')
  return g
}

/** `completeWhen`: one kind of condition. */
export const completion: Reader = one(
  { event: eventName, url: glob, click: selector, visible: selector, manual: leaf((v) => v === true, 'true'), tour: key('tour'),
    all: nest(completions, depth), any: nest(completions, depth) },
  { count: int(1, LIMITS.count), where: rec(val) }, 'event',
)

const signals: Reader = arr((v, p, x, d) => signal(v, p, x, d), 1)
const milestone = key('milestone')
const percent = num(0, 100)
const sessions = int(0, LIMITS.sessions)

/** A nudge's `when`: one signal, or `all` / `any` of them. */
export const signal: Reader = one({
  stalled: obj({ milestone, days }, 'milestone days'),
  missed: obj({ milestone }, 'milestone'),
  dueSoon: obj({ milestone, days }, 'milestone days'),
  day: obj({ day: days }, 'day'),
  progress: obj({ stage: key('stage'), min: percent, max: percent }, '', order('min', 'max')),
  engagement: obj({ days: int(1, 3650), minSessions: sessions, maxSessions: sessions }, 'days',
    order('minSessions', 'maxSessions')),
  sessionsWithoutProgress: obj({ count: int(1, LIMITS.sessions) }, 'count'),
  inactive: obj({ days }, 'days'),
  seen: completion,
  all: nest(signals, depth),
  any: nest(signals, depth),
})

const bound = leaf((v) => typeof v == 'string' || Number.isFinite(v), 'a number or a string')
// A list of values is one of them: { "in": [...] }.
const traitValue: Reader = (v, p, x, d) => (Array.isArray(v) ? expected(x, p, 'a value, or a condition such as { "in": [ … ] } for one of several', v)
  : (isObj(v) ? condition : val)(v, p, x, d))
const some = present('equals in gte lte exists not')
const condition: Reader = obj(
  { equals: val, in: arr(val), gte: bound, lte: bound, exists: bool, not: nest(traitValue, depth) },
  // A range no value can be in (a number is never compared with a string) is a mistake, not an audience of no one.
  '', (o, keys, p, x) => {
    some(o, keys, p, x)
    if (o.in?.length === 0) issue(x, join(p, 'in'), 'an empty list: no value is in it, so this matches no one (under "not", everyone)', 'warning')
    if ('gte' in o && 'lte' in o) typeof o.gte != typeof o.lte ? expected(x, join(p, 'lte'), 'a ' + typeof o.gte + ' as gte is', o.lte) : order('gte', 'lte')(o, keys, p, x)
  },
)

/** `audience`: trait name → a bare value (equals) or a condition. */
export const audience = rec(traitValue)
