import { own } from './record'
import type { Audience, TraitCondition, Traits, TraitValue } from './types'

type V = TraitValue | undefined

/** gte/lte: numbers as numbers, strings as strings (ISO dates order right); other pairs never match. */
const order = (v: V, b: number | string | undefined, f: (x: V, y: number | string) => boolean) =>
  b === undefined || (typeof v == typeof b && f(v, b))

const holds = (c: TraitCondition | TraitValue, v: V): boolean =>
  typeof c != 'object' || c === null
    ? v === c
    : (c.equals === undefined || v === c.equals) &&
      (!c.in || c.in.includes(v as TraitValue)) &&
      order(v, c.gte, (x, y) => x! >= y) &&
      order(v, c.lte, (x, y) => x! <= y) &&
      // A trait exists when it is set and not null.
      (c.exists === undefined || c.exists == (v != null)) &&
      (c.not === undefined || !holds(c.not, v))

/**
 * Whether a user with `traits` belongs to `audience`: every listed trait must match; a bare value
 * means `equals`; no audience matches everyone.
 * @example matchesAudience({ plan: { in: ['pro'] }, seats: { gte: 10 } }, { plan: 'pro', seats: 12 }) // true
 */
export const matchesAudience = (audience: Audience | undefined, traits: Traits = {}): boolean =>
  !audience || Object.keys(audience).every((k) => holds(audience[k]!, own(traits, k)))
