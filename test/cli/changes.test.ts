// `milepost validate --previous`: the changes to a live journey that reopen or turn red what users
// already have. Each warning is checked against the engine's own verdict on a user who finished.
import { describe, expect, it } from 'vitest'
import { applyEvent, emptyProgress, evaluate } from '../../src/core/index'
import type { Journey, Progress } from '../../src/core/index'
import { changeWarnings } from '../../src/cli/changes'

const DAY = 86_400_000
const t0 = Date.UTC(2026, 10, 2)
const live: Journey = {
  version: 1, id: 'acme', title: 'Acme',
  milestones: [
    { id: 'setup', title: 'Set up', due: { day: 7 }, steps: [{ id: 'connect', title: 'Connect' }, { id: 'invite', title: 'Invite' }] },
    { id: 'report', title: 'First report', due: { day: 30 }, steps: [{ id: 'create', title: 'Create', optional: true }, { id: 'share', title: 'Share' }] },
  ],
  nudges: [{ id: 'late', when: { missed: { milestone: 'setup' } }, escalate: [{ afterDays: 3, notify: 'csm' }] }],
}
/** A user who finished `setup` on day 2, and is seen on day 20. */
let finished: Progress = emptyProgress('u')
for (const [i, stepId] of ['connect', 'invite'].entries()) finished = applyEvent(finished, { id: `e${i}`, type: 'complete', stepId, at: t0 + (i + 1) * DAY })
const onDay20 = (j: Journey) => evaluate(j, finished, { now: t0 + 20 * DAY })
/** The journey's JSON, as a PM edits the file (the type's lists are readonly). */
type Editable = { id: string; title: string; start?: { trait: string }; milestones: Array<{ id: string; title: string; due?: { day: number } | { date: string }; dependsOn?: string[]; steps: Array<{ id: string; title: string; optional?: boolean }> }> }
const edit = (fn: (j: Editable) => void): Journey => {
  const j = structuredClone(live) as unknown as Editable
  fn(j)
  return j as unknown as Journey
}

describe('changeWarnings', () => {
  it('warns about a required step added to a milestone, which reopens it for users who finished it: overdue at once past its due, with its escalation', () => {
    const next = edit((j) => j.milestones[0]!.steps.push({ id: 'billing', title: 'Add billing' }))
    // What the warning says, as the engine has it.
    expect(onDay20(live).milestones[0]!.status).toBe('done')
    expect(onDay20(next).milestones[0]!.status).toBe('overdue')
    expect(onDay20(next).nudges.find((n) => n.id == 'late')?.escalations).toMatchObject([{ notify: 'csm', pending: true }])
    expect(changeWarnings(live, next)).toEqual([{
      path: 'milestones[0].steps[2]', severity: 'warning',
      message: 'a required step added to milestone "setup": users who had finished "setup" see it open again, and past its due it is overdue at once, with its missed nudges and escalations (add the step with "optional": true to keep their milestone done)',
    }])
  })

  it('says nothing of the same step added as optional, which leaves a finished milestone done', () => {
    const next = edit((j) => j.milestones[0]!.steps.push({ id: 'billing', title: 'Add billing', optional: true }))
    expect(onDay20(next).milestones[0]!.status).toBe('done')
    expect(changeWarnings(live, next)).toEqual([])
  })

  it('names a step id that left the journey beside a new one: a likely rename, which loses what users did', () => {
    const next = edit((j) => (j.milestones[0]!.steps[1]!.id = 'invite-team'))
    expect(onDay20(next).milestones[0]!.status).toBe('overdue')
    expect(changeWarnings(live, next).map((w) => [w.path, w.message.replace(/:.*;/, ':…;')])).toEqual([
      ['milestones[0].steps[1]', 'a required step added to milestone "setup":…; "invite" left this journey: if it was renamed, what users did under its old id no longer counts (progress is kept by id)'],
    ])
  })

  it('warns about an optional step made required, and a step moved into another milestone', () => {
    const next = edit((j) => {
      j.milestones[1]!.steps[0]!.optional = false
      j.milestones[1]!.steps.push(j.milestones[0]!.steps.pop()!)
    })
    expect(changeWarnings(live, next).map((w) => [w.path, w.message.split(':')[0]])).toEqual([
      ['milestones[1].steps[0]', 'step "create" made required'],
      ['milestones[1].steps[2]', 'step "invite" moved into milestone "report"'],
    ])
  })

  it('warns about a due moved earlier or added, not one moved later', () => {
    const earlier = edit((j) => (j.milestones[1]!.due = { day: 14 }))
    expect(changeWarnings(live, earlier)).toEqual([{ path: 'milestones[1].due', severity: 'warning', message: 'due moved earlier (day 30 → day 14): "report" may turn amber or red at once for users on their way, with its nudges and escalations' }])
    expect(changeWarnings(live, edit((j) => (j.milestones[1]!.due = { day: 45 })))).toEqual([])
    const dated = edit((j) => (j.milestones[1]!.due = { date: '2026-12-01' }))
    expect(changeWarnings(dated, edit((j) => (j.milestones[1]!.due = { date: '2026-11-20' })))[0]?.message).toMatch(/^due moved earlier \(2026-12-01 → 2026-11-20\)/)
    const added = edit((j) => delete j.milestones[0]!.due)
    expect(changeWarnings(added, live).map((w) => w.path)).toEqual(['milestones[0].due'])
  })

  // bb-r23 (the round's own check): a day that became a date (or back) was compared with nothing.
  it('warns about a due changed between a day and a date, a dependency added and a new milestone with a due', () => {
    const dated = edit((j) => (j.milestones[0]!.due = { date: '2020-01-01' }))
    expect(changeWarnings(live, dated).map((w) => [w.path, w.message.split(':')[0]])).toEqual([['milestones[0].due', 'due changed (day 7 → 2020-01-01)']])
    expect(changeWarnings(dated, live).map((w) => w.path)).toEqual(['milestones[0].due'])
    const waits = edit((j) => (j.milestones[1]!.dependsOn = ['setup']))
    expect(changeWarnings(live, waits).map((w) => [w.path, w.message.split(':')[0]])).toEqual([['milestones[1].dependsOn', 'now waits for "setup"']])
    const more = edit((j) => j.milestones.push({ id: 'billing', title: 'Billing', due: { day: 3 }, steps: [{ id: 'card', title: 'Add a card' }] }))
    // What the warning says, as the engine has it: a user on day 20 is overdue on it the moment it ships.
    expect(onDay20(more).milestones.find((m) => m.id == 'billing')?.status).toBe('overdue')
    expect(changeWarnings(live, more).map((w) => [w.path, w.message.split(':')[0]])).toEqual([['milestones[2].due', 'a new milestone with a due (day 3)']])
  })

  it('warns about a new journey id (every user starts over) and a new day 0', () => {
    const next = edit((j) => {
      j.id = 'acme-2027'
      j.start = { trait: 'signedUpAt' }
    })
    expect(changeWarnings(live, next).map((w) => [w.path, w.message.split(':')[0]])).toEqual([
      ['id', 'the journey\'s id was "acme"'],
      ['start', 'day 0 now comes from the trait "signedUpAt", not the first time Milepost saw the user'],
    ])
  })

  // Round 24: a milestone's or a step's audience, a scope and atRiskShare were not weighed.
  it('warns about a milestone\'s audience changed: users it takes in past its due are overdue at once', () => {
    const forPro = edit((j) => ((j.milestones[1] as { audience?: object }).audience = { plan: 'pro' }))
    const onDay40 = (j: Journey) => evaluate(j, finished, { now: t0 + 40 * DAY, traits: { plan: 'free' } }).milestones.find((m) => m.id == 'report')?.status
    // What the warning says, as the engine has it: a free user on day 40 had no "report"; everyone now has it, overdue.
    expect([onDay40(forPro), onDay40(live)]).toEqual([undefined, 'overdue'])
    expect(changeWarnings(forPro, live)).toEqual([{
      path: 'milestones[1].audience', severity: 'warning',
      message: 'audience changed: users it now takes in get "report", overdue at once if they are past its due, with its missed nudges and escalations; users it leaves out no longer see it (what they did is kept)',
    }])
    expect(changeWarnings(live, forPro).map((w) => w.path)).toEqual(['milestones[1].audience'])
    expect(changeWarnings(forPro, edit((j) => ((j.milestones[1] as { audience?: object }).audience = { plan: 'pro' })))).toEqual([])
  })

  // bb-r24 (the round's own check): the same audience written another way warned.
  it('says nothing of an audience written another way: a bare value as equals, in another order, keys reordered', () => {
    const with_ = (audience: object) => edit((j) => ((j.milestones[1] as { audience?: object }).audience = audience))
    expect(changeWarnings(with_({ role: 'admin' }), with_({ role: { equals: 'admin' } }))).toEqual([])
    expect(changeWarnings(with_({ plan: { in: ['pro', 'team'] } }), with_({ plan: { in: ['team', 'pro'] } }))).toEqual([])
    expect(changeWarnings(with_({ a: 1, b: { gte: 2, lte: 5 } }), with_({ b: { lte: 5, gte: 2 }, a: { equals: 1 } }))).toEqual([])
    expect(changeWarnings(with_({ plan: { not: 'free' } }), with_({ plan: { not: { equals: 'free' } } }))).toEqual([])
    // Another set, another value, another operator: warned.
    expect(changeWarnings(with_({ plan: { in: ['pro', 'team'] } }), with_({ plan: { in: ['pro'] } })).map((w) => w.path)).toEqual(['milestones[1].audience'])
    expect(changeWarnings(with_({ role: 'admin' }), with_({ role: { not: 'admin' } })).map((w) => w.path)).toEqual(['milestones[1].audience'])
  })

  it('warns about a required step\'s audience changed: users it takes in who had finished its milestone see it open again', () => {
    const admins = edit((j) => ((j.milestones[0]!.steps[1] as { audience?: object }).audience = { role: 'admin' }))
    let member: Progress = emptyProgress('m')
    member = applyEvent(member, { id: 'e0', type: 'complete', stepId: 'connect', at: t0 + DAY })
    const setup = (j: Journey) => evaluate(j, member, { now: t0 + 20 * DAY, traits: { role: 'member' } }).milestones[0]!.status
    expect([setup(admins), setup(live)]).toEqual(['done', 'overdue'])
    expect(changeWarnings(admins, live).map((w) => [w.path, w.message.split(':')[0]])).toEqual([['milestones[0].steps[1].audience', 'audience of required step "invite" changed']])
    // An optional step's audience asks nothing of anyone's milestone.
    const optional = (audience?: object) => edit((j) => (j.milestones[1]!.steps[0] = { id: 'create', title: 'Create', optional: true, ...(audience && { audience }) } as never))
    expect(changeWarnings(optional({ role: 'admin' }), optional())).toEqual([])
  })

  it('warns about a milestone made shared by the account or each member\'s own, and an account step made each member\'s own', () => {
    const scoped = (milestone: 'user' | 'account' | undefined, step?: 'user' | 'account') => edit((j) => {
      const m = j.milestones[0] as { scope?: string; steps: Array<{ scope?: string }> }
      if (milestone) m.scope = milestone
      if (step) m.steps[0]!.scope = step
    })
    expect(changeWarnings(live, scoped('account')).map((w) => [w.path, w.message.split(':')[0]])).toEqual([['milestones[0].scope', 'now shared by each user\'s account']])
    expect(changeWarnings(scoped('account'), live).map((w) => [w.path, w.message.split(':')[0]])).toEqual([['milestones[0].scope', 'now each member\'s own']])
    expect(changeWarnings(scoped('account'), scoped('account', 'user')).map((w) => [w.path, w.message.split(':')[0]])).toEqual([['milestones[0].steps[0].scope', 'step "connect" is now each member\'s own']])
    expect(changeWarnings(scoped(undefined, 'account'), live).map((w) => w.path)).toEqual(['milestones[0].steps[0].scope'])
    // Said the same, "user" written out or left to its default.
    expect(changeWarnings(live, scoped('user'))).toEqual([])
    expect(changeWarnings(scoped('account', 'user'), scoped('account'))).toEqual([])
  })

  it('warns about a raised atRiskShare (the journey\'s or a milestone\'s): amber sooner, at once for users far enough in', () => {
    const share = (journey?: number, setup?: number) => edit((j) => {
      if (journey !== undefined) (j as { atRiskShare?: number }).atRiskShare = journey
      if (setup !== undefined) (j.milestones[0] as { atRiskShare?: number }).atRiskShare = setup
    })
    // What the warning says, as the engine has it: a user who did nothing, 3 of setup's 7 days left.
    const day4 = (j: Journey) => evaluate(j, { ...emptyProgress('n'), firstSeen: t0 }, { now: t0 + 4 * DAY }).milestones[0]!.status
    expect([day4(live), day4(share(0.5)), day4(share(undefined, 0.5))]).toEqual(['on-track', 'at-risk', 'at-risk'])
    expect(changeWarnings(live, share(0.5))).toEqual([{
      path: 'atRiskShare', severity: 'warning',
      message: 'atRiskShare raised (0.33 → 0.5): "setup", "report" turn amber sooner, at once for users this far into their windows',
    }])
    expect(changeWarnings(share(0.5), share(0.5, 0.6)).map((w) => [w.path, w.message.split(':')[0]])).toEqual([['milestones[0].atRiskShare', 'atRiskShare raised (0.5 → 0.6)']])
    // Lowered, or raised for one milestone while the journey's is lowered as much: nothing sooner.
    expect(changeWarnings(share(0.5), live)).toEqual([])
    expect(changeWarnings(share(0.5), share(0.2, 0.5)).map((w) => w.path)).toEqual([])
    // bb-r24: the journey's removed (back to one third), said with the share it falls back to, of one milestone.
    expect(changeWarnings(share(0.3), share(undefined, 0.3)).map((w) => w.message.split(': "')[0])).toEqual(['atRiskShare raised (0.3 → 0.33)'])
    expect(changeWarnings(share(0.3), share(undefined, 0.3))[0]!.message).toMatch(/"report" turns amber sooner, at once for users this far into its window$/)
    // A milestone's own removed, so it takes the journey's higher one: said on the milestone, from its own.
    expect(changeWarnings(share(0.3, 0.2), share(0.3)).map((w) => [w.path, w.message.split(':')[0]])).toEqual([['milestones[0].atRiskShare', 'atRiskShare raised (0.2 → 0.3)']])
  })

  it('says nothing when only text and order change', () => {
    const next = edit((j) => {
      j.title = 'Welcome to Acme'
      j.milestones[0]!.steps.reverse()
      j.milestones.reverse()
    })
    expect(changeWarnings(live, next)).toEqual([])
  })
})

// bb-r25: a ladder's levels are kept per user by position (and nudge and milestone id): the edits a PM
// makes most ("an in-app reminder before the CSM") re-told or lost levels, and --previous said nothing.
describe('changeWarnings: escalation ladders', () => {
  /** A user who never did setup (due day 7), told level 1 of "late" (the CSM) on day 10, seen on day 20. */
  const started = applyEvent(emptyProgress('u'), { id: 's', type: 'session', sessionId: 's', at: t0 })
  let told: Progress = applyEvent(started, { id: 'x', type: 'escalation', nudgeId: 'late', milestoneId: 'setup', level: 1, notify: 'csm', at: t0 + 10 * DAY })
  const pending = (j: Journey, p = told) => evaluate(j, p, { now: t0 + 20 * DAY }).nudges[0]!.escalations.filter((e) => e.pending).map((e) => e.notify)
  type Ladder = Array<{ afterDays: number; notify: string }>
  const ladder = (levels: Ladder, id = 'late'): Journey => ({ ...live, nudges: [{ id, when: { missed: { milestone: 'setup' } }, escalate: levels }] })
  const csm = { afterDays: 3, notify: 'csm' }

  it('warns about a level put before the others: each later position has another recipient, and the CSM is told again', () => {
    const next = ladder([{ afterDays: 1, notify: 'in-app' }, csm])
    expect(pending(live)).toEqual([])
    expect(pending(next)).toEqual(['csm'])
    expect(changeWarnings(live, next)).toEqual([{
      path: 'nudges[0].escalate', severity: 'warning',
      message: 'levels are kept per user by their position: level 1 was "csm", now "in-app". Users already told a level are not told what now stands there, and may be told a recipient they had again (add new levels at the end to keep what users were told)',
    }])
  })

  it('warns about a level taken out: the one after it is never told to users past it', () => {
    const three = ladder([{ afterDays: 1, notify: 'in-app' }, csm, { afterDays: 5, notify: 'leadership' }])
    const next = ladder([csm, { afterDays: 5, notify: 'leadership' }])
    told = applyEvent(applyEvent(started, { id: 'a', type: 'escalation', nudgeId: 'late', milestoneId: 'setup', level: 1, notify: 'in-app', at: t0 + 8 * DAY }),
      { id: 'b', type: 'escalation', nudgeId: 'late', milestoneId: 'setup', level: 2, notify: 'csm', at: t0 + 10 * DAY })
    expect(pending(three, told)).toEqual(['leadership'])
    expect(pending(next, told)).toEqual([])
    expect(changeWarnings(three, next).map((w) => w.message.split('.')[0])).toEqual([
      'levels are kept per user by their position: level 1 was "in-app", now "csm", level 2 was "csm", now "leadership"',
    ])
    // The last level taken out: users not yet told it never are, which is all it does.
    expect(changeWarnings(three, ladder([{ afterDays: 1, notify: 'in-app' }, csm]))).toEqual([])
  })

  it('says nothing of a level added at the end, and warns about a level made sooner', () => {
    expect(changeWarnings(live, ladder([csm, { afterDays: 5, notify: 'leadership' }]))).toEqual([])
    expect(changeWarnings(live, ladder([{ afterDays: 1, notify: 'csm' }]))).toEqual([{
      path: 'nudges[0].escalate[0].afterDays', severity: 'warning', message: 'level 1 ("csm") now comes 1 day after (was 3): users already that far past are told it at once',
    }])
  })

  it('names a nudge with a ladder that left the journey beside a new one: a renamed nudge tells its whole ladder again', () => {
    const next = ladder([csm], 'setup-late')
    expect(pending(next)).toEqual(['csm'])
    expect(changeWarnings(live, next)).toEqual([{
      path: 'nudges[0].escalate', severity: 'warning',
      message: 'a new nudge with a ladder: users its signal already holds for are told at once each level whose afterDays they are already past; "late" left this journey: if it was renamed, levels are kept by nudge id, so users already escalated are told every level again',
    }])
  })

  it('names a milestone that left the journey beside a new one with a due: a rename tells its ladder again', () => {
    const next: Journey = { ...live, milestones: [{ ...live.milestones[0]!, id: 'set-up' }, live.milestones[1]!], nudges: [{ ...live.nudges![0]!, when: { missed: { milestone: 'set-up' } } }] }
    const p = applyEvent(started, { id: 'x', type: 'escalation', nudgeId: 'late', milestoneId: 'setup', level: 1, notify: 'csm', at: t0 + 10 * DAY })
    expect(evaluate(next, p, { now: t0 + 20 * DAY }).nudges[0]!.escalations.filter((e) => e.pending).map((e) => e.notify)).toEqual(['csm'])
    expect(changeWarnings(live, next).map((w) => [w.path, w.message])).toEqual([[
      'milestones[0].due',
      'a new milestone with a due (day 7): users already past it are overdue on "set-up" at once, with its missed nudges and escalations; "setup" left this journey: if it was renamed, its escalations are kept by milestone id, so users already escalated on it are told its ladder again',
    ]])
  })

  // r30 carried: the nudge that followed the rename warned a second time ("when changed"), for what
  // the milestone's warning had said. Moved with the rename and changed besides, it still warns; so
  // does one moved to a new milestone without a due, which has no warning of its own.
  it('says a nudge moved with a renamed milestone once, in the milestone\'s warning, and still names its other changes', () => {
    const renamed = { ...live.milestones[0]!, id: 'set-up' }
    const moved = (when: NonNullable<Journey['nudges']>[number]['when'], m = renamed): Journey =>
      ({ ...live, milestones: [m, live.milestones[1]!], nudges: [{ ...live.nudges![0]!, when }] })
    expect(changeWarnings(live, moved({ missed: { milestone: 'set-up' } })).map((w) => w.path)).toEqual(['milestones[0].due'])
    expect(changeWarnings(live, moved({ stalled: { milestone: 'set-up', days: 2 } })).map((w) => w.path)).toEqual(['milestones[0].due', 'nudges[0].when'])
    const undated = { id: 'set-up', title: 'Set up', steps: renamed.steps }
    expect(changeWarnings(live, moved({ missed: { milestone: 'set-up' } }, undated)).map((w) => w.path)).toEqual(['nudges[0].when'])
  })

  // bb-r31 (own changes): a milestone renamed with its steps said nothing of the steps (users who had
  // finished lose them), two renames said "if it was renamed" of two ids, and a nudge moved to one of
  // two new milestones was taken for following the rename.
  it('names the steps that left with a renamed milestone, with a due or without, and one of several renames', () => {
    const both = { ...live.milestones[0]!, id: 'onboard', steps: [{ id: 'connect-data', title: 'Connect' }, { id: 'invite', title: 'Invite' }] }
    const next: Journey = { ...live, milestones: [both, live.milestones[1]!], nudges: [{ ...live.nudges![0]!, when: { missed: { milestone: 'onboard' } } }] }
    expect(changeWarnings(live, next).map((w) => [w.path, w.message])).toEqual([[
      'milestones[0].due',
      'a new milestone with a due (day 7): users already past it are overdue on "onboard" at once, with its missed nudges and escalations; "setup" left this journey: if it was renamed, its escalations are kept by milestone id, so users already escalated on it are told its ladder again, and its steps "connect" left with it: what users did under their old ids no longer counts (progress is kept by id)',
    ]])
    const { due: _, ...undated } = both
    expect(changeWarnings(live, { ...next, milestones: [undated, live.milestones[1]!], nudges: [] }).map((w) => [w.path, w.message])).toEqual([[
      'milestones[0]',
      'a new milestone; "setup" left this journey: if it was renamed, users who had finished it see "onboard" open, and its steps "connect" left with it: what users did under their old ids no longer counts (progress is kept by id)',
    ]])
    const two: Journey = { ...live, milestones: [{ ...live.milestones[0]!, id: 'a' }, { ...live.milestones[1]!, id: 'b' }], nudges: [] }
    expect(changeWarnings(live, two).map((w) => w.message)).toEqual(['a', 'b'].map((id, i) =>
      `a new milestone with a due (day ${[7, 30][i]}): users already past it are overdue on "${id}" at once, with its missed nudges and escalations; "setup", "report" left this journey: if one of them was renamed, its escalations are kept by milestone id, so users already escalated on it are told its ladder again`))
    // Two renames: the nudge on "setup" now on "b" (report's new id) is said, wired right or wrong (bb-r31, 2).
    const rewired: Journey = { ...two, nudges: [{ ...live.nudges![0]!, when: { missed: { milestone: 'b' } } }] }
    expect(changeWarnings(live, rewired).map((w) => w.path)).toEqual(['milestones[0].due', 'milestones[1].due', 'nudges[0].when'])
    const extra: Journey = { ...live, milestones: [{ ...live.milestones[0]!, id: 'set-up' }, live.milestones[1]!, { id: 'extra', title: 'Extra', due: { day: 9 }, steps: [{ id: 'x', title: 'X' }] }],
      nudges: [{ ...live.nudges![0]!, when: { missed: { milestone: 'extra' } } }] }
    expect(changeWarnings(live, extra).map((w) => w.path)).toEqual(['milestones[0].due', 'milestones[2].due', 'nudges[0].when'])
  })
})

// bb-r27: a nudge holds from the moment its signal does and its ladder counts from then, so a `when`
// that holds sooner or for others, a new audience or a new nudge with a ladder fires at once for users
// already past it (a stalled 2 → 1 turned the milestone amber a day sooner, escalations from days 5/7
// to 4/6; a new `missed` nudge with `afterDays: 0 → csm` told the CSM at once), and --previous said nothing.
describe('changeWarnings: a nudge\'s when and audience, a new ladder', () => {
  /** A user who did nothing since day 0, seen on `day`. */
  const started = applyEvent(emptyProgress('u'), { id: 's', type: 'session', sessionId: 's', at: t0 })
  const onDay = (j: Journey, day: number, traits = {}) => evaluate(j, started, { now: t0 + day * DAY, traits })
  const stuck = (when: Journey['nudges'] extends readonly (infer N)[] | undefined ? N extends { when: infer W } ? W : never : never, more = {}): Journey =>
    ({ ...live, nudges: [live.nudges![0]!, { id: 'stuck', when, escalate: [{ afterDays: 1, notify: 'csm' }], ...more }] })
  const csm = (j: Journey, day: number, traits = {}) => onDay(j, day, traits).nudges.find((n) => n.id == 'stuck')?.escalations.filter((e) => e.pending).map((e) => e.notify) ?? []

  it('warns about a stalled signal\'s days made shorter: its milestone turns amber, and its ladder fires, sooner; not longer', () => {
    const [four, two] = [stuck({ stalled: { milestone: 'setup', days: 4 } }), stuck({ stalled: { milestone: 'setup', days: 2 } })]
    // On day 3: stalled since day 2, not yet day 4; its level 1 (a day after) is due.
    expect(onDay(four, 3).milestones[0]!.status).not.toBe('at-risk')
    expect(onDay(two, 3).milestones[0]!.status).toBe('at-risk')
    expect([csm(four, 3), csm(two, 3)]).toEqual([[], ['csm']])
    expect(changeWarnings(four, two)).toEqual([{
      path: 'nudges[1].when.stalled.days', severity: 'warning',
      message: 'stalled days shortened (4 → 2): "setup" counts as stalled after 2 days: users already stalled that long get "stuck" at once and see "setup" amber, and its ladder fires 2 days sooner',
    }])
    expect(changeWarnings(two, four)).toEqual([])
    // Inside all/any too, at its own path.
    const any = (days: number) => stuck({ any: [{ day: { day: 20 } }, { stalled: { milestone: 'setup', days } }] })
    expect(changeWarnings(any(4), any(2)).map((w) => [w.path, w.message.split(':')[0]])).toEqual([['nudges[1].when.any[1].stalled.days', 'stalled days shortened (4 → 2)']])
  })

  it('warns about any other change of a nudge\'s when: it holds at once for the users it now matches', () => {
    const [stalled, missed] = [stuck({ stalled: { milestone: 'report', days: 25 } }), stuck({ missed: { milestone: 'setup' } })]
    expect([csm(stalled, 10), csm(missed, 10)]).toEqual([[], ['csm']])
    expect(changeWarnings(stalled, missed)).toEqual([{
      path: 'nudges[1].when', severity: 'warning',
      message: 'when changed: users it now matches get "stuck" at once, and are told at once each level of its ladder whose afterDays they are already past (check with milepost simulate)',
    }])
    // The same signal written with its keys in another order is no change.
    expect(changeWarnings(stalled, stuck({ stalled: { days: 25, milestone: 'report' } } as never))).toEqual([])
  })

  it('warns about a new nudge with a ladder, or a ladder added to a nudge: users past its signal are told its levels at once', () => {
    const next = stuck({ missed: { milestone: 'setup' } })
    expect(csm(next, 10)).toEqual(['csm'])
    expect(changeWarnings(live, next)).toEqual([{
      path: 'nudges[1].escalate', severity: 'warning',
      message: 'a new nudge with a ladder: users its signal already holds for are told at once each level whose afterDays they are already past',
    }])
    const bare: Journey = { ...next, nudges: [live.nudges![0]!, { id: 'stuck', when: { missed: { milestone: 'setup' } } }] }
    expect(changeWarnings(live, bare)).toEqual([])
    expect(changeWarnings(bare, next).map((w) => [w.path, w.message.split(':')[0]])).toEqual([['nudges[1].escalate', 'a ladder added']])
  })

  it('warns about a nudge\'s audience changed or removed: users it now takes in get it, and its ladder, at once', () => {
    const [forPro, all] = [stuck({ missed: { milestone: 'setup' } }, { audience: { plan: 'pro' } }), stuck({ missed: { milestone: 'setup' } })]
    expect([csm(forPro, 10, { plan: 'free' }), csm(all, 10, { plan: 'free' })]).toEqual([[], ['csm']])
    expect(changeWarnings(forPro, all)).toEqual([{
      path: 'nudges[1].audience', severity: 'warning',
      message: 'audience changed: users it now takes in for whom its signal already holds get "stuck" at once, and are told at once each level of its ladder whose afterDays they are already past; users it leaves out no longer get it',
    }])
    expect(changeWarnings(all, forPro).map((w) => w.path)).toEqual(['nudges[1].audience'])
    expect(changeWarnings(forPro, stuck({ missed: { milestone: 'setup' } }, { audience: { plan: { equals: 'pro' } } }))).toEqual([])
  })
})
