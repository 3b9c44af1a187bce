/**
 * The shape check of one event on the wire: a clean copy holding only known fields, or why not.
 * Shared by the sync server (which rejects the event by id) and anyone reading stored events.
 */
import { LIMITS } from './core'
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
  reset: {},
}

const isType = (v: unknown): v is ProgressEventType => typeof v === 'string' && Object.hasOwn(FIELDS, v)

/**
 * Checks one raw event (already known to have a string `id`): the clean event, or the reason it is
 * refused, naming the field: `"stepId: expected a string of 1-100 characters"`.
 */
export const checkEvent = (raw: Readonly<Record<string, unknown>>): ProgressEvent | string => {
  const { type } = raw
  if (!isType(type)) return `type: expected one of ${Object.keys(FIELDS).join(', ')}`
  const out: Record<string, unknown> = { id: raw.id, type }
  const base: Record<string, Check> = { at: time, 'epoch?': count }
  for (const [key, check] of Object.entries({ ...base, ...FIELDS[type] })) {
    const optional = key.endsWith('?')
    const name = optional ? key.slice(0, -1) : key
    const value = raw[name]
    if (value === undefined && optional) continue
    const reason = check(value)
    if (reason) return `${name}: ${reason}`
    out[name] = value
  }
  if (type === 'nudge' && out.action === 'snoozed' && out.until === undefined) return 'until: required when snoozed'
  const reason = id(raw.id)
  return reason ? `id: ${reason}` : (out as unknown as ProgressEvent)
}
