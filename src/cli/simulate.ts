// `milepost simulate <journey.json>`: reads the journey, the user's traits and events, and prints
// what the user would see day by day (a table, or JSON with --format json).
import { timeOf } from '../core/start'
import { DAY } from '../core/index'
import type { Journey, ProgressEvent, Traits } from '../core/index'
import { parseArgs } from './args'
import { checkJourneyText, formatIssue } from './check'
import { readEvents } from './events'
import { SIMULATE_HELP } from './help'
import { type Failure, type Io, failure, isFailure, readText, usage } from './io'
import { reportDays } from './report'
import { dayZero, simulate } from './simulation'
import { formatTable } from './table'
import { MOMENT, momentOf, readMoment } from './times'
import { readTraits } from './traits'

/** Day 0 when neither the journey's start trait nor --start gives one: fixed, so output is reproducible. */
export const DEFAULT_START = Date.UTC(2026, 0, 1)

const OPTIONS = { help: 'flag', traits: 'value', events: 'value', days: 'value', from: 'value', start: 'value', format: 'value' } as const

interface Options {
  file: string
  json: boolean
  days: number
  from: number
  traits: Traits
  /** --start, when given (epoch ms). */
  start?: number
  events?: string
}

/** The command line, checked; or help; or a Failure naming the option that is wrong. */
const readOptions = (argv: readonly string[]): Options | 'help' | Failure => {
  const args = parseArgs(argv, OPTIONS)
  if (isFailure(args)) return args
  if (args.options.help) return 'help'
  const o = args.options as Partial<Record<keyof typeof OPTIONS, string>>
  if (args.positional.length != 1) return usage('simulate needs exactly one journey file: milepost simulate journey.json')
  const format = o.format ?? 'text'
  if (format != 'text' && format != 'json') return usage(`--format must be text or json, not ${JSON.stringify(format)}`)
  const whole = (s: string | undefined, fallback: number) => (s === undefined ? fallback : /^\d+$/.test(s) ? Number(s) : NaN)
  const days = whole(o.days, 14)
  if (!(days <= 3650)) return usage(`--days must be a whole number from 0 to 3650, not ${JSON.stringify(o.days)}`)
  const from = whole(o.from, 0)
  if (!(from <= days)) return usage(`--from must be a whole number from 0 to --days (${days}), not ${JSON.stringify(o.from)}`)
  const traits = readTraits(o.traits ?? '{}')
  if (isFailure(traits)) return traits
  const out: Options = { file: args.positional[0]!, json: format == 'json', days, from, traits }
  if (o.start !== undefined) {
    // Digits as the start trait reads them: epoch seconds below 10^11 (a backend's created_at.to_i), else ms.
    const start = /^\d+$/.test(o.start) ? timeOf(Number(o.start)) ?? undefined : readMoment(o.start)
    if (start === undefined) return usage(`--start: expected ${MOMENT}, not ${JSON.stringify(o.start)}`)
    out.start = start
  }
  if (o.events !== undefined) out.events = o.events
  return out
}

/** Day 0 and where it came from (for the header), or a Failure when --start contradicts the start trait. */
const startOf = (journey: Journey, o: Options): { start: number; source: string } | Failure => {
  const trait = journey.start?.trait
  const fromTrait = dayZero(journey, o.traits, NaN)
  if (Number.isFinite(fromTrait)) {
    if (o.start !== undefined && o.start != fromTrait) {
      return failure(`--start ${momentOf(o.start)} differs from the ${trait} trait (${momentOf(fromTrait)}), which is day 0 for this journey: give one of them`)
    }
    return { start: fromTrait, source: `the ${trait} trait` }
  }
  if (o.start !== undefined) return { start: o.start, source: '--start' }
  // A trait given that is not a date: the journey would count from first seen; say why it is not day 0 here.
  const given = trait && o.traits && Object.hasOwn(o.traits, trait) ? ` (the ${trait} trait ${JSON.stringify(o.traits[trait])} is not a date: ISO text, or epoch seconds or ms)` : ''
  return { start: DEFAULT_START, source: `the default${given}; set ${trait ? `the ${trait} trait or ` : ''}--start` }
}

/**
 * Runs a simulation. Exit code 0 when it ran, 1 when the journey has errors, else a Failure
 * (exit 2) for the command line, --traits, --start or the events file.
 * @example simulateCommand(['journey.json', '--traits', '{"plan":"pro"}', '--days', '7'], io)
 */
export const simulateCommand = (argv: readonly string[], io: Io): number | Failure => {
  const o = readOptions(argv)
  if (o == 'help') return io.out(SIMULATE_HELP), 0
  if (isFailure(o)) return o
  const text = readText(io, o.file, 'journey file')
  if (isFailure(text)) return text
  const checked = checkJourneyText(text)
  // Errors are the result (stdout, as validate prints them); warnings go beside it, to stderr.
  for (const i of checked.issues) (checked.journey ? io.err : io.out).call(io, formatIssue(o.file, i) + '\n')
  const journey = checked.journey
  if (!journey) return io.out(`${o.file}: cannot simulate a journey with errors; see milepost validate ${o.file}\n`), 1
  const day0 = startOf(journey, o)
  if (isFailure(day0)) return day0

  let events: ProgressEvent[] = []
  if (o.events !== undefined) {
    const lines = readText(io, o.events, 'events file')
    if (isFailure(lines)) return lines
    const read = readEvents(lines, o.events, journey, day0.start)
    for (const line of [...read.warnings, ...read.errors]) io.err(line + '\n')
    const n = read.errors.length
    if (n) return failure(`${o.events}: ${n} bad event${n == 1 ? '' : 's'}, nothing simulated`)
    events = read.events
  }

  // Every day is simulated (shows and escalations of earlier days count); --from only hides rows.
  const result = simulate(journey, { start: day0.start, days: o.days, traits: o.traits, events }).slice(o.from)
  const gets = new Set(result[0]?.state.milestones.map((m) => m.id))
  const excluded = journey.milestones.filter((m) => !gets.has(m.id)).map((m) => m.id)
  const later = events.filter((e) => e.at > day0.start + o.days * DAY).length
  if (o.json) {
    io.out(JSON.stringify({
      journey: { id: journey.id, title: journey.title }, start: new Date(day0.start).toISOString(), traits: o.traits,
      excluded, eventsAfterLastDay: later, days: reportDays(result),
    }, null, 2) + '\n')
    return 0
  }
  const count = `${events.length} event${events.length == 1 ? '' : 's'}` + (later ? ` (${later} after day ${o.days}, not applied)` : '')
  const head = [
    `${journey.title} (${journey.id}): day ${o.from} to day ${o.days} for one user`,
    `day 0 is ${momentOf(day0.start)} (${day0.source}) · traits ${JSON.stringify(o.traits)} · ${count}`,
  ]
  if (excluded.length) head.push(`not for this user (audience): ${excluded.join(', ')}`)
  io.out(head.join('\n') + '\n\n' + formatTable(result, io.colour))
  return 0
}
