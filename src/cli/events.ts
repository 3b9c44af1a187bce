// The events file of `milepost simulate`: one JSON event per line (JSON Lines), like core's
// ProgressEvent, with `day` (journey day, fractions allowed) or `at` for its time, `id` optional.
import { DAY, collectTriggers, matchUrl } from '../core/index'
import type { Journey, ProgressEvent } from '../core/index'
import { EVENT_TYPES, fieldNames, fieldProblems } from './event-fields'
import { parseJson } from './json-source'
import { didYouMean } from './nearest'
import { MOMENT, momentOf, readMoment } from './times'

export interface EventsFile {
  events: ProgressEvent[]
  /** `file:line:column field: message`; any error means the file is not used. */
  errors: string[]
  /** Unknown fields, and events the journey would not notice (usually a typo). */
  warnings: string[]
}

const EXAMPLE = '{"day": 1, "type": "track", "name": "report.created"}'

/**
 * Reads an events file against the journey and its day 0 (`start`, epoch ms). Blank lines and
 * lines starting with `#` are skipped. A snooze without `until` lasts the nudge's snoozeDays.
 * @example readEvents(EXAMPLE, 'events.jsonl', journey, start).events[0] // { id: 'line-1', at: start + DAY, … }
 */
export const readEvents = (text: string, file: string, journey: Journey, start: number): EventsFile => {
  const out: EventsFile = { events: [], errors: [], warnings: [] }
  const heard = collectTriggers(journey)
  const nudges = new Map((journey.nudges ?? []).map((n) => [n.id, n]))
  const ids: Record<string, readonly string[]> = {
    name: heard.events, stepId: journey.milestones.flatMap((m) => m.steps.map((s) => s.id)),
    nudgeId: [...nudges.keys()], milestoneId: journey.milestones.map((m) => m.id),
  }

  text.split(/\r\n|\n|\r/).forEach((line, n) => {
    if (!line.trim() || line.trimStart().startsWith('#')) return
    const parsed = parseJson(line)
    if (!parsed.ok) return void out.errors.push(`${file}:${n + 1}:${parsed.error.column}: invalid JSON: ${parsed.error.message}`)
    const { value, locate } = parsed.source
    /** `file:line:column field: ` of a field (its key with `atKey`), or of the line. */
    const at = (field: string | null, atKey?: boolean) =>
      `${file}:${n + 1}:${field ? locate([field], atKey).column : line.search(/\S/) + 1}${field ? ' ' + field : ''}: `
    const e = value as Record<string, unknown>
    if (typeof e != 'object' || e === null || Array.isArray(e)) return void out.errors.push(at(null) + 'expected an event object, like ' + EXAMPLE)
    if (!Object.hasOwn(EVENT_TYPES, e.type as string)) {
      const hint = typeof e.type == 'string' ? didYouMean(e.type, Object.keys(EVENT_TYPES)) : ''
      return void out.errors.push(at(Object.hasOwn(e, 'type') ? 'type' : null) + `expected "type": one of ${Object.keys(EVENT_TYPES).join(', ')}` + hint)
    }
    const before = out.errors.length
    for (const [field, message] of fieldProblems(e)) out.errors.push(at(field) + message)
    const names = fieldNames(e.type as string)
    for (const k of Object.keys(e)) if (!names.includes(k)) out.warnings.push(at(k, true) + `warning: unknown field "${k}", ignored` + didYouMean(k, names))

    let t: number | undefined
    if (Object.hasOwn(e, 'day') == Object.hasOwn(e, 'at')) out.errors.push(at(null) + 'give exactly one of "day" (a journey day, e.g. 2.5) or "at" (a moment)')
    else if (Object.hasOwn(e, 'day')) {
      if (typeof e.day == 'number' && Number.isFinite(e.day) && e.day >= 0) t = start + e.day * DAY
      else out.errors.push(at('day') + `expected a journey day: a number from 0, fractions allowed, got ${typeof e.day == 'string' ? `a string (${JSON.stringify(e.day)})` : JSON.stringify(e.day) ?? String(e.day)}`)
    } else if ((t = readMoment(e.at)) === undefined) out.errors.push(at('at') + 'expected ' + MOMENT)
    else if (t < start) out.errors.push(at('at') + `before day 0 (${momentOf(start)})`)
    if (out.errors.length > before || t === undefined) return

    const { day: _, ...rest } = e
    const event: Record<string, unknown> = { ...rest, id: e.id ?? `line-${n + 1}`, at: t }
    if (e.type == 'session') event.sessionId ??= `session-line-${n + 1}`
    if (e.action == 'snoozed') event.until = readMoment(e.until) ?? t + (nudges.get(e.nudgeId as string)?.snoozeDays ?? 1) * DAY
    out.events.push(event as unknown as ProgressEvent)

    for (const key of Object.keys(ids)) {
      const v = e[key]
      if (typeof v != 'string' || !names.includes(key) || ids[key]!.includes(v)) continue
      const what = key == 'name' ? `no step completes on event ${JSON.stringify(v)}` : `${key.slice(0, -2)} ${JSON.stringify(v)} is not in the journey`
      out.warnings.push(at(key) + 'warning: ' + what + didYouMean(v, ids[key]!))
    }
    if (e.type == 'url' && !heard.urls.some((g) => matchUrl(g, e.url as string))) out.warnings.push(at('url') + `warning: no step's url matches ${JSON.stringify(e.url)}`)
    const selectors = e.type == 'click' ? heard.clicks : e.type == 'visible' ? heard.visible : null
    if (selectors && !selectors.includes(e.selector as string)) {
      out.warnings.push(at('selector') + `warning: no step completes on ${e.type} ${JSON.stringify(e.selector)}` + didYouMean(e.selector as string, selectors))
    }
  })
  return out
}
