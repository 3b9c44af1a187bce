// `milepost validate new.json --previous live.json`: warnings about the changes that reopen or turn
// red what users already on the journey have (docs/journey-format.md, "Changing a journey users are
// on"). Every status is worked out again from the journey each time it is read, so a required step
// added to a milestone its users finished reopens it for all of them, overdue at once past its due,
// with its `missed` ladder: a routine edit that would escalate every finished user to their CSM.
import { sameJson } from '../core/same'
import type { Audience, Due, Issue, Journey, Milestone, Signal } from '../core/types'

const warn = (path: string, message: string): Issue => ({ path, message, severity: 'warning' })
const show = (due: Due): string => ('day' in due ? `day ${due.day}` : due.date)
/** A date due as epoch ms (a date alone is its midnight UTC: only compared with another such date). */
const at = (date: string): number => Date.parse(date)

/** One trait's condition as the engine reads it: a bare value is `equals`, `in` a set (its order says nothing). */
const condition = (c: unknown): unknown => {
  if (!c || typeof c != 'object' || Array.isArray(c)) return { equals: c }
  const o: Record<string, unknown> = { ...c }
  if (Array.isArray(o.in)) o.in = [...new Set(o.in.map((v) => JSON.stringify(v)))].sort()
  if ('not' in o) o.not = condition(o.not)
  return o
}
/** Whether two audiences take in the same users, written alike or not (key order, bare values, `in` order). */
const sameAudience = (a: Audience | undefined, b: Audience | undefined): boolean => {
  const read = (x: Audience | undefined) => Object.fromEntries(Object.entries(x ?? {}).map(([k, c]) => [k, condition(c)]))
  return sameJson(read(a), read(b))
}
/** A share as it reads: 0.33 for one third. */
const share = (n: number): number => +n.toFixed(2)

/** Who a milestone counts for: `"user"` unless the file says `"account"`. */
const scopeOf = (m: Milestone): string => m.scope ?? 'user'
/** A milestone's amber share: its own, else the journey's, else one third. */
const shareOf = (m: Milestone, j: Journey): number => m.atRiskShare ?? j.atRiskShare ?? 1 / 3

/** What `m` gains over the previous file's milestone of the same id: steps that now count, a due sooner. */
const milestoneChanges = (out: Issue[], m: Milestone, i: number, was: Milestone, stepIds: ReadonlySet<string>, before: ReadonlySet<string>) => {
  const path = `milestones[${i}]`
  const here = new Map(was.steps.map((s) => [s.id, s]))
  if (!sameAudience(m.audience, was.audience)) {
    out.push(warn(`${path}.audience`, `audience changed: users it now takes in get "${m.id}"` +
      `${m.due ? ', overdue at once if they are past its due, with its missed nudges and escalations' : ''}; users it leaves out no longer see it (what they did is kept)`))
  }
  if (scopeOf(m) != scopeOf(was)) {
    out.push(warn(`${path}.scope`, scopeOf(m) == 'account'
      ? `now shared by each user's account: its due counts from the account's start (earlier for a user who joined an older account) and its ladder runs once per account`
      : `now each member's own: members who did not do its steps themselves see "${m.id}" open again, overdue at once past its due, with its missed nudges and escalations`))
  }
  // Steps of the previous milestone that are gone from the whole journey: a likely renamed id.
  const gone = was.steps.filter((s) => !stepIds.has(s.id)).map((s) => `"${s.id}"`)
  const hint = gone.length ? `; ${gone.join(', ')} left this journey: if it was renamed, what users did under its old id no longer counts (progress is kept by id)` : ''
  m.steps.forEach((s, k) => {
    if (s.optional) return
    const old = here.get(s.id)
    if (old && !old.optional) {
      // The same required step, for other users or shared otherwise: those it now asks of reopen the milestone.
      if (!sameAudience(s.audience, old.audience)) {
        out.push(warn(`${path}.steps[${k}].audience`, `audience of required step "${s.id}" changed: users it now takes in who had finished "${m.id}" see it open again, overdue at once past its due, with its missed nudges and escalations`))
      }
      if ((s.scope ?? scopeOf(m)) == 'user' && (old.scope ?? scopeOf(was)) == 'account' && scopeOf(m) == scopeOf(was)) {
        out.push(warn(`${path}.steps[${k}].scope`, `step "${s.id}" is now each member's own: members who did not do it themselves see "${m.id}" open again, overdue at once past its due, with its missed nudges and escalations`))
      }
      return
    }
    const what = old ? `step "${s.id}" made required` : before.has(s.id) ? `step "${s.id}" moved into milestone "${m.id}"` : `a required step added to milestone "${m.id}"`
    out.push(warn(`${path}.steps[${k}]`, `${what}: users who had finished "${m.id}" see it open again, and past its due it is overdue at once, ` +
      `with its missed nudges and escalations (add the step with "optional": true to keep their milestone done)${hint}`))
  })
  if (m.due && !was.due) {
    out.push(warn(`${path}.due`, `a due added (${show(m.due)}): users past it who have not finished "${m.id}" are overdue at once, with its missed nudges and escalations`))
  } else if (m.due && was.due) {
    const sameKind = ('day' in m.due) == ('day' in was.due)
    // A day and a date compare only per user (a day counts from each user's start): said whenever one becomes the other.
    const sooner = !sameKind || ('day' in m.due && 'day' in was.due ? m.due.day < was.due.day : at((m.due as { date: string }).date) < at((was.due as { date: string }).date))
    if (sooner) {
      out.push(warn(`${path}.due`, `due ${sameKind ? 'moved earlier' : 'changed'} (${show(was.due)} → ${show(m.due)}): "${m.id}" may turn amber or red at once for users on their way` +
        `${sameKind ? '' : ' (a day counts from each user\'s start, a date is the same for all: check with milepost simulate)'}, with its nudges and escalations`))
    }
  }
  const deps = (m.dependsOn ?? []).filter((d) => !(was.dependsOn ?? []).includes(d))
  if (deps.length) {
    out.push(warn(`${path}.dependsOn`, `now waits for ${deps.map((d) => `"${d}"`).join(', ')}: users who have not finished it see "${m.id}" waiting, and blocked (red) once it is overdue`))
  }
}

/**
 * The changes from `previous` to `next` that change what users already on the journey see for the
 * worse at once: a new journey id (everyone starts over), a new day 0, a raised `atRiskShare`,
 * a milestone's audience or scope changed, required steps added to a milestone (or a required
 * step's audience changed, or made each member's own), a due added, moved earlier or changed
 * between a day and a date, a dependency added, a new milestone with a due, a nudge that holds
 * sooner or for other users (its `when` or `audience` changed, a `stalled` made shorter), a ladder
 * on a new nudge or its levels moved or made sooner. Warnings, in `next`'s file order (the journey's own first).
 * @example changeWarnings(live, next) // [{ path: 'milestones[0].steps[2]', message: 'a required step added to milestone "setup": …', severity: 'warning' }]
 */
export const changeWarnings = (previous: Journey, next: Journey): Issue[] => {
  const out: Issue[] = []
  if (next.id !== previous.id) {
    out.push(warn('id', `the journey's id was "${previous.id}": progress is kept per journey id, so every user starts this journey over (keep the id to keep their progress)`))
  }
  const from = (j: Journey) => j.start?.trait ?? null
  if (from(next) !== from(previous)) {
    const name = (t: string | null) => (t === null ? 'the first time Milepost saw the user' : `the trait "${t}"`)
    out.push(warn(next.start ? 'start' : '', `day 0 now comes from ${name(from(next))}, not ${name(from(previous))}: every user's days, dues and statuses move`))
  }
  const was = new Map(previous.milestones.map((m) => [m.id, m]))
  const ids = (j: Journey) => new Set(j.milestones.flatMap((m) => m.steps.map((s) => s.id)))
  const [stepIds, before] = [ids(next), ids(previous)]
  /** Milestones with a due whose amber comes sooner through the journey's own `atRiskShare`. */
  const sooner: string[] = []
  next.milestones.forEach((m, i) => {
    const old = was.get(m.id)
    const [from, to] = old && m.due && old.due ? [shareOf(old, previous), shareOf(m, next)] : [0, 0]
    if (to <= from) return
    // A milestone's own share, given now or before, is said there; else the journey's moved it.
    if (m.atRiskShare !== undefined || old!.atRiskShare !== undefined) {
      out.push(warn(`milestones[${i}].atRiskShare`, `atRiskShare raised (${share(from)} → ${share(to)}): "${m.id}" turns amber sooner, at once for users this far into its window`))
    } else sooner.push(`"${m.id}"`)
  })
  if (sooner.length) {
    const [one, from, to] = [sooner.length == 1, previous.atRiskShare ?? 1 / 3, next.atRiskShare ?? 1 / 3]
    out.push(warn('atRiskShare', `atRiskShare raised (${share(from)} → ${share(to)}): ${sooner.join(', ')} ${one ? 'turns' : 'turn'} amber sooner, at once for users this far into ${one ? 'its window' : 'their windows'}`))
  }
  // Milestones of the previous file gone from this one: a new milestone may be one of them renamed,
  // and so may the steps that left with them (what users did under their old ids no longer counts).
  const kept = new Set(next.milestones.map((m) => m.id))
  const gone = previous.milestones.filter((m) => !kept.has(m.id))
  const left = gone.map((m) => `"${m.id}"`)
  const whichWas = left.length == 1 ? 'it was' : 'one of them was'
  const steps = gone.flatMap((m) => m.steps).filter((s) => !stepIds.has(s.id)).map((s) => `"${s.id}"`)
  const lost = steps.length ? `, and its steps ${steps.join(', ')} left with it: what users did under their old ids no longer counts (progress is kept by id)` : ''
  const renamed = left.length ? `; ${left.join(', ')} left this journey: if ${whichWas} renamed, its escalations are kept by milestone id, so users already escalated on it are told its ladder again${lost}` : ''
  const fresh = next.milestones.filter((m) => !was.has(m.id))
  next.milestones.forEach((m, i) => {
    const old = was.get(m.id)
    if (old) milestoneChanges(out, m, i, old, stepIds, before)
    // A new milestone is open for everyone: with a due, those already past it are overdue from the moment it ships.
    else if (m.due) out.push(warn(`milestones[${i}].due`, `a new milestone with a due (${show(m.due)}): users already past it are overdue on "${m.id}" at once, with its missed nudges and escalations${renamed}`))
    // Without a due, said only when steps left with a milestone: a rename of both reopens it for users who had finished it.
    else if (lost && m === fresh.find((f) => !f.due)) {
      out.push(warn(`milestones[${i}]`, `a new milestone; ${left.join(', ')} left this journey: if ${whichWas} renamed, users who had finished it see "${m.id}" open${lost}`))
    }
  })
  // A nudge moved from a milestone that left to a new one with a due is that milestone's warning's,
  // one rename to one only: with two or more, which is which cannot be told (a nudge wired to the
  // wrong one must not pass unsaid), and its `when` change is said.
  const dated = fresh.filter((m) => m.due).map((m) => `"${m.id}"`)
  const moved = new Set(left.length == 1 && dated.length == 1 ? [...left, ...dated] : [])
  nudgeChanges(out, previous, next, (id) => (moved.has(`"${id}"`) ? '\0renamed' : id))
  return out
}

/** Each `stalled` signal in a nudge's `when` (in `all`/`any` too): its `days`' path, its milestone, its days. */
const stalls = (s: Signal, path: string): Array<[string, string, number]> =>
  'all' in s ? s.all.flatMap((x, k) => stalls(x, `${path}.all[${k}]`))
    : 'any' in s ? s.any.flatMap((x, k) => stalls(x, `${path}.any[${k}]`))
    : 'stalled' in s ? [[`${path}.stalled.days`, s.stalled.milestone, s.stalled.days]] : []
/**
 * A signal with every `stalled` signal's `days` left out: two that differ only there are alike.
 * Milestone ids go through `as`: a milestone that left and a new one with a due read alike, since
 * that new milestone's warning already tells what moving a nudge with it does.
 */
const shape = (s: Signal, as: (id: string) => string): unknown => {
  if ('all' in s || 'any' in s) return 'all' in s ? { all: s.all.map((x) => shape(x, as)) } : { any: s.any.map((x) => shape(x, as)) }
  if ('stalled' in s) return { stalled: as(s.stalled.milestone) }
  const [kind, v] = Object.entries(s)[0] as [string, { milestone?: string }]
  return typeof v?.milestone == 'string' ? { [kind]: { ...v, milestone: as(v.milestone) } } : s
}
const days = (n: number) => `${n} day${n == 1 ? '' : 's'}`

/**
 * A nudge holds for a user from the moment its signal does, and its ladder counts its levels'
 * `afterDays` from then: so a `when` that holds sooner or for other users, an `audience` that takes
 * in other users, or a ladder on a new nudge (or added to one) shows it, and tells each level users
 * are already past, at once. A `stalled` signal also turns its milestone amber (with a due).
 * And a ladder as users already on it hold it: each level a user was told is kept by its position
 * (level 2 is `escalate[1]`), its nudge's id and its milestone's. So a level put before others, one
 * taken out or the ladder reordered gives each later position another recipient: users past it are
 * not told the new one and may be told a recipient they had again; a level made sooner is told at
 * once to users past its new day; a renamed nudge tells its whole ladder again.
 */
const nudgeChanges = (out: Issue[], previous: Journey, next: Journey, as: (id: string) => string) => {
  const was = new Map((previous.nudges ?? []).map((n) => [n.id, n]))
  const ids = new Set((next.nudges ?? []).map((n) => n.id))
  const due = new Set(next.milestones.filter((m) => m.due).map((m) => m.id))
  const left = (previous.nudges ?? []).filter((n) => n.escalate?.length && !ids.has(n.id)).map((n) => `"${n.id}"`)
  ;(next.nudges ?? []).forEach((n, i) => {
    const path = `nudges[${i}].escalate`
    const old = was.get(n.id)
    const [now, then] = [n.escalate ?? [], old?.escalate ?? []]
    const told = now.length ? ', and are told at once each level of its ladder whose afterDays they are already past' : ''
    if (now.length && !then.length) {
      out.push(warn(path, `${old ? 'a ladder added' : 'a new nudge with a ladder'}: users its signal already holds for are told at once each level whose afterDays they are already past` +
        (!old && left.length ? `; ${left.join(', ')} left this journey: if it was renamed, levels are kept by nudge id, so users already escalated are told every level again` : '')))
    }
    if (!old) return
    if (sameJson(shape(n.when, as), shape(old.when, as))) {
      // Only a stalled signal's days moved: sooner is said; later only delays.
      const before = stalls(old.when, '')
      stalls(n.when, `nudges[${i}].when`).forEach(([p, m, d], k) => {
        const from = before[k]![2]
        if (d >= from) return
        out.push(warn(p, `stalled days shortened (${from} → ${d}): "${m}" counts as stalled after ${days(d)}: users already stalled that long get "${n.id}" at once` +
          `${due.has(m) ? ` and see "${m}" amber` : ''}${now.length ? `, and its ladder fires ${days(from - d)} sooner` : ''}`))
      })
    } else {
      out.push(warn(`nudges[${i}].when`, `when changed: users it now matches get "${n.id}" at once${told} (check with milepost simulate)`))
    }
    if (!sameAudience(n.audience, old.audience)) {
      out.push(warn(`nudges[${i}].audience`, `audience changed: users it now takes in for whom its signal already holds get "${n.id}" at once${told}; users it leaves out no longer get it`))
    }
    if (!then.length) return
    // Levels taken out at the end only are never told again: that is all they do.
    const moved = then.flatMap((l, k) => (!now[k] || now[k]!.notify === l.notify ? [] : [`level ${k + 1} was "${l.notify}", now "${now[k]!.notify}"`]))
    if (moved.length) {
      out.push(warn(path, `levels are kept per user by their position: ${moved.join(', ')}. Users already told a level are not told what now stands there, and may be told a recipient they had again (add new levels at the end to keep what users were told)`))
    }
    then.forEach((l, k) => {
      const t = now[k]
      if (t && t.notify === l.notify && t.afterDays < l.afterDays) {
        out.push(warn(`${path}[${k}].afterDays`, `level ${k + 1} ("${t.notify}") now comes ${days(t.afterDays)} after (was ${l.afterDays}): users already that far past are told it at once`))
      }
    })
  })
}
