// The event types an events file may hold and the fields of each, checked before folding.
import { MOMENT, readMoment } from './times'

type Kind = 'text' | 'props' | 'level' | 'action' | 'moment'

/** Event type → its fields (beside `type`, `id` and `day` or `at`); a name ending in "?" is optional. */
export const EVENT_TYPES: Readonly<Record<string, Readonly<Record<string, Kind>>>> = {
  track: { name: 'text', 'props?': 'props' },
  complete: { stepId: 'text' },
  skip: { stepId: 'text' },
  url: { url: 'text' },
  click: { selector: 'text' },
  visible: { selector: 'text' },
  session: { 'sessionId?': 'text' },
  nudge: { nudgeId: 'text', action: 'action', 'until?': 'moment' },
  escalation: { nudgeId: 'text', level: 'level', 'milestoneId?': 'text', 'notify?': 'text' },
  reset: {},
}

const ACTIONS = ['shown', 'clicked', 'dismissed', 'snoozed']

const KINDS: Record<Kind, [what: string, ok: (v: unknown) => boolean]> = {
  text: ['a non-empty string', (v) => typeof v == 'string' && v != ''],
  props: ['an object', (v) => typeof v == 'object' && v !== null && !Array.isArray(v)],
  level: ['an integer from 1', (v) => Number.isInteger(v) && (v as number) >= 1],
  action: ['one of ' + ACTIONS.join(', '), (v) => ACTIONS.includes(v as string)],
  moment: [MOMENT, (v) => readMoment(v) !== undefined],
}

/** A problem with one field: its name (or null for the event as a whole) and the message. */
export type FieldProblem = [field: string | null, message: string]

/**
 * What is wrong with event `e` of a known type: missing or ill-typed fields, and `id`.
 * @example fieldProblems({ type: 'complete' }) // [[null, 'missing "stepId"']]
 */
export const fieldProblems = (e: Record<string, unknown>): FieldProblem[] => {
  const out: FieldProblem[] = []
  for (const [k, kind] of Object.entries({ ...EVENT_TYPES[e.type as string], 'id?': 'text' as const })) {
    const key = k.replace('?', '')
    const [what, ok] = KINDS[kind]
    if (!Object.hasOwn(e, key)) {
      if (key == k) out.push([null, `missing "${key}"`])
    } else if (!ok(e[key])) out.push([key, 'expected ' + what])
  }
  return out
}

/** The field names an event of this type may have. */
export const fieldNames = (type: string): string[] =>
  ['type', 'id', 'day', 'at', ...Object.keys(EVENT_TYPES[type] ?? {}).map((k) => k.replace('?', ''))]
