// Plain records that stay safe whatever keys the host or the network sends.

/**
 * `__proto__`, `constructor` and `prototype` are never record keys: a host may call `track('__proto__')`,
 * and a journey file may hold them (validateJourney refuses them).
 */
export const bad = (k: string): boolean => k === '__proto__' || k === 'constructor' || k === 'prototype'

/** An own entry only, so inherited names such as `toString` read as missing. */
export const own = <T>(r: Readonly<Record<string, T>>, k: string): T | undefined =>
  Object.hasOwn(r, k) ? r[k] : undefined

/** A non-null, non-array object. */
export const isObj = (v: unknown): v is Record<string, any> =>
  typeof v == 'object' && v !== null && !Array.isArray(v)

/** The value when it is a finite number, else undefined. */
export const num = (v: unknown): number | undefined => (typeof v == 'number' && isFinite(v) ? v : undefined)

/** A value a trait, a `where` or a hit prop may hold: a string, a finite number, a boolean or null. */
export const isValue = (v: unknown): boolean => v === null || typeof v == 'string' || typeof v == 'boolean' || num(v) !== undefined

/** A deep copy of JSON-like data. */
export const clone = <T>(x: T): T =>
  (Array.isArray(x) ? x.map(clone) : isObj(x) ? Object.fromEntries(Object.entries(x).map(([k, v]) => [k, clone(v)])) : x) as T
