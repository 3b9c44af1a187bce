/**
 * The shape check of one event on the wire: a clean copy holding only known fields, or why not.
 * Shared by the sync server (which rejects the event by id) and anyone reading stored events.
 */
import { LIMITS } from './core'
import { cleanText, isUnclean } from './core/clean'
import { isObj, isValue } from './core/record'
import type { ProgressEvent, ProgressEventType } from './core/types'

/** A field check: the reason when the value is wrong, else undefined. */
type Check = (value: unknown) => string | undefined

const RESERVED = ['__proto__', 'constructor', 'prototype']
/** Strings that become keys of the progress document: never a prototype name. */
const text = (max: number): Check => (v) =>
  typeof v !== 'string' || v.length === 0 || v.length > max ? `expected a string of 1-${max} characters`
    : RESERVED.includes(v) ? `"${v}" is a reserved name` : undefined
const id = text(LIMITS.idLength)
const line = text(LIMITS.textLength)
const time: Check = (v) =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 ? undefined : 'expected a time in epoch milliseconds'
const count: Check = (v) => (Number.isSafeInteger(v) && (v as number) >= 0 ? undefined : 'expected a whole number ≥ 0')
const oneOf = (...values: string[]): Check => (v) =>
  values.includes(v as string) ? undefined : `expected one of ${values.join(', ')}`
const props: Check = (v) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? undefined : 'expected an object')

/** Highest `epoch` (resets of one user's journey) the protocol takes: beyond it `epoch + 1` is not exact. */
export const MAX_EPOCH = 1_000_000
const epoch: Check = (v) => (Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) <= MAX_EPOCH ? undefined : `expected a whole number 0-${MAX_EPOCH}`)

/**
 * What the stores keep of a value: text cleaned (see cleanText), props flattened to their scalar
 * entries (a tracked hit keeps no more, and nesting 5,000 deep would overflow JSON.stringify).
 */
const clean = (name: string, v: unknown): unknown => {
  if (typeof v === 'string') return cleanText(v)
  if (name !== 'props' || !isObj(v)) return v
  const out: Record<string, unknown> = {}
  for (const [k, x] of Object.entries(v)) {
    const key = cleanText(k)
    if (!RESERVED.includes(key) && isValue(x)) out[key] = typeof x === 'string' ? cleanText(x) : x
  }
  return out
}

/** Fields of each event type; a `?` suffix marks an optional one. */
const FIELDS: Record<ProgressEventType, Record<string, Check>> = {
  track: { name: line, 'props?': props },
  complete: { stepId: id },
  skip: { stepId: id },
  url: { url: line },
  click: { selector: line },
  visible: { selector: line },
  session: { sessionId: id },
  nudge: { nudgeId: id, action: oneOf('shown', 'clicked', 'dismissed', 'snoozed'), 'until?': time },
  escalation: { nudgeId: id, 'milestoneId?': id, level: count, 'notify?': line },
  tour: { tourId: id, action: oneOf('started', 'step', 'completed', 'dismissed'), 'step?': count, seq: count },
  reset: {},
}

const isType = (v: unknown): v is ProgressEventType => typeof v === 'string' && Object.hasOwn(FIELDS, v)

/**
 * Checks one raw event (already known to have a string `id`): the clean event, or the reason it is
 * refused, naming the field: `"stepId: expected a string of 1-100 characters"`. Text fields come back
 * cleaned (no NUL, no lone surrogate) and props flat; the id is never changed (the answer echoes
 * it), so an id that would need cleaning is refused.
 */
export const checkEvent = (raw: Readonly<Record<string, unknown>>): ProgressEvent | string => {
  const { type } = raw
  if (!isType(type)) return `type: expected one of ${Object.keys(FIELDS).join(', ')}`
  const out: Record<string, unknown> = { id: raw.id, type }
  const base: Record<string, Check> = { at: time, 'epoch?': epoch }
  for (const [key, check] of Object.entries({ ...base, ...FIELDS[type] })) {
    const optional = key.endsWith('?')
    const name = optional ? key.slice(0, -1) : key
    const value = clean(name, raw[name])
    if (value === undefined && optional) continue
    const reason = check(value)
    if (reason) return `${name}: ${reason}`
    out[name] = value
  }
  if (type === 'nudge' && out.action === 'snoozed' && out.until === undefined) return 'until: required when snoozed'
  const reason = id(raw.id) ?? (isUnclean(raw.id as string) ? 'contains a NUL or a lone surrogate: clean it before queuing' : undefined)
  return reason ? `id: ${reason}` : (out as unknown as ProgressEvent)
}
