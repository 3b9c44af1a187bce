// The journey format, version 1, as reader data: one line per object, mirroring types.ts and schema.json.
import { LIMITS } from './limits'
import { audience, completion, days, signal } from './validate-conditions'
import { type Check, type Reader, arr, bool, en, expected, int, issue, join, lit, num, obj, one, order, present } from './validate-read'
import { body, date, id, key, selector, text, url } from './validate-values'

const resources = arr(obj({ title: text, url, kind: en('guide video article call link') }, 'title url'))
const link = obj({ label: text, href: url, action: text, tour: key('tour') }, 'label', present('href action tour', 1))
const placement = en('top bottom left right top-start top-end bottom-start bottom-end left-start left-end right-start right-end')
const tooltip = obj({ target: selector, text, placement, hotspot: bool }, 'target text')

const step = obj({
  id: key('step', 1), title: text, description: body, completeWhen: completion, optional: bool, audience,
  cta: link, tooltip, resources,
  scope: en('user account'),
}, 'id title')

/** `start.trait` names a trait; a date there (`"2026-01-01"`) reads day 0 from a trait of that name, which no user has. */
const traitName: Reader = (v, p, x, d) => (/^\d{4}-\d\d/.test(v as string) && issue(x, p,
  'a trait\'s name, not a date: each user\'s day 0 is read from their trait of this name (e.g. "signedUpAt")', 'warning'), text(v, p, x, d))

/** Day 0 is the start itself: a milestone due then is overdue a moment later, rarely what was meant. */
const dueDay: Reader = (v, p, x, d) => (v === 0 && issue(x, p,
  'due at the start, and overdue from the first moment after that: use { "day": 1 } for "by the end of the first day"', 'warning'),
days(v, p, x, d))

const milestone = obj({
  id: key('milestone', 1), title: text, description: body, stage: key('stage'), due: one({ day: dueDay, date }),
  dependsOn: arr(key('milestone')), audience, atRiskShare: num(0, 1), steps: arr(step, 1, LIMITS.stepsPerMilestone),
  scope: en('user account'), collaborators: arr(text),
  owner: (v, p, x, d) => (Array.isArray(v) ? expected(x, p, 'a string, one owner (the others go in "collaborators")', v) : text(v, p, x, d)),
}, 'id title steps')

const stage = obj({ id: key('stage', 1), title: text, days: obj({ from: days, to: days }, 'from', order('from', 'to')) },
  'id title')

/**
 * An escalation ladder: its levels are numbered in file order (`escalate[0]` is level 1, told first
 * when the watch was away), so a level before the one above it, or on the same day, is warned about.
 */
const ladder: Reader = (v, p, x, d) => {
  const out = arr(obj({ afterDays: days, notify: text, message: body }, 'afterDays notify'))(v, p, x, d) as Array<{ afterDays?: number }> | undefined
  out?.forEach((l, i) => {
    const up = out[i - 1]?.afterDays
    if (i && l.afterDays !== undefined && up !== undefined && l.afterDays <= up) {
      issue(x, join(join(p, i), 'afterDays'), l.afterDays < up
        ? `before the level above it (${up}): levels are numbered in file order, so list them in the order they climb`
        : `the same day as the level above it (${up}): both are told at once`, 'warning')
    }
  })
  return out
}

const nudge = obj({
  id: key('nudge', 1), when: signal, audience, tooltip,
  card: obj({ title: text, body, goal: text, resources, actions: arr(link) }, 'title'),
  escalate: ladder,
  maxShows: int(1, 1000), everyDays: days, snoozeDays: days, priority: num(-1000, 1000),
}, 'id when', present('card tooltip escalate', undefined, true))

/**
 * Something the user does: `manual` and `tour` never happen by themselves, so a step waiting for
 * them would never move. Each is named at its own path (`advanceOn.all[1]`), read in the clean copy:
 * past an item that is not an object (an error of its own), the index counts the items kept.
 */
const acts: Check = (o, _, p, x) => {
  const walk = (c: Record<string, any> | undefined, q: string): unknown => c && ('manual' in c || 'tour' in c
    ? issue(x, q, 'expected a click, an event, a URL or an element (not manual or tour)')
    : ['all', 'any'].map((k) => c[k]?.map((e: object, i: number) => walk(e, join(join(q, k), i)))))
  for (const k of ['advanceOn', 'startWhen']) walk(o[k], join(p, k))
}
const tour = obj({
  id: key('tour', 1), title: text, startWhen: completion, startOn: signal, spotlight: bool, audience,
  steps: arr(obj({ target: selector, title: text, text, placement, advanceOn: completion }, 'text', acts), 1, LIMITS.tourSteps),
}, 'id title steps', acts)

/** The whole journey file. */
export const journey = obj({
  $schema: text, version: lit(1), id, title: text, description: body, start: obj({ trait: traitName }, 'trait'),
  atRiskShare: num(0, 1), stages: arr(stage, 0, LIMITS.stages), milestones: arr(milestone, 1, LIMITS.milestones),
  nudges: arr(nudge, 0, LIMITS.nudges), tours: arr(tour, 0, LIMITS.tours),
  nudgeCap: obj({ perSession: int(1, 1000), perDay: int(1, 1000) }, '', present('perSession perDay')),
}, 'version id title milestones')
