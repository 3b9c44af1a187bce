// Simulated users for the demo's dashboard (examples/seed.mjs). Each one lives through the journey
// day by day: the engine decides what they see (the nudge card and tooltip, the escalations that
// fall due), as the browser would; what they do follows a persona fixed by their number, never a
// random number, so a seed gives the same figures for the same `now`.
const DAY = 86_400_000
const HOUR = 3_600_000

/** Event drafts that make a step's condition hold (an `any` by its first branch); null: ticked by hand. */
const eventsFor = (core, c) => {
  if (!c || 'manual' in c) return null
  if ('all' in c) return c.all.flatMap((x) => eventsFor(core, x) ?? [])
  if ('any' in c) return eventsFor(core, c.any[0])
  if ('event' in c) return Array.from({ length: c.count ?? 1 }, () => ({ type: 'track', name: c.event, ...(c.where ? { props: c.where } : {}) }))
  if ('url' in c) {
    const url = c.url.replace(/\*/g, '')
    return [{ type: 'url', url: core.matchUrl(c.url, url) ? url : `${url}x` }]
  }
  if ('click' in c) return [{ type: 'click', selector: c.click }]
  if ('visible' in c) return [{ type: 'visible', selector: c.visible }]
  return null
}

/** Made-up customer companies: the simulated users' accounts. */
const COMPANIES = ['Northwind', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay', 'Stark Logistics', 'Wonka Foods', 'Tyrell',
  'Soylent', 'Cyberdyne', 'Aperture', 'Gringotts', 'Monarch', 'Pied Piper', 'Dunder Paper', 'Oscorp', 'Wayne Freight', 'Massive Dynamic', 'Prestige']

/**
 * Account `a`: 2 to 6 members (the users that follow one another), a name and a value. Every member's
 * `accountValue` trait is the account's value.
 */
export const account = (a) => ({
  id: `acct-${String(a).padStart(3, '0')}`,
  size: 2 + ((a * 3) % 5),
  traits: {
    name: `${COMPANIES[a % COMPANIES.length]}${a >= COMPANIES.length ? ` ${Math.floor(a / COMPANIES.length) + 1}` : ''}`,
    value: 1000 * (5 + ((a * 37) % 96)),
  },
})

/** The celebration's 1–5 answer of user `i` for the `k`-th milestone they finish, or null when they skip it (a third do). */
const answer = (i, k) => ((i + k) % 3 === 0 ? null : [4, 5, 3, 4, 5, 2, 4, 5, 3, 1][(i * 7 + k * 3) % 10])

/**
 * User `i`'s persona: when they signed up, their plan, their pace, the step
 * they stall at, and how they answer a nudge card.
 */
export const persona = (i, days, steps) => ({
  daysAgo: (i * 11) % days + ((i * 7) % 24) / 24,
  plan: i % 3 === 2 ? 'starter' : 'pro',
  /** Days between visits. */
  pace: 1 + (i % 3),
  /** How many steps they do before they stop, until a nudge brings them back (some never stop). */
  stallAt: (i * 5) % (steps + 3),
  /** 0–1: clicks the card and carries on the next day; 2: dismisses it; 3–4: ignores it. */
  reaction: (i * 3) % 5,
  /** Days they keep visiting once stalled, before they stop coming. */
  linger: 3 + (i % 8),
  optional: i % 2 === 0,
  delegates: i % 7 === 3,
})

/**
 * The users and what each browser would have sent: `[{ userId, traits, account: { id, traits }, batches: [{ at, events }] }]`,
 * one batch per visit. Users are members of accounts in order (`account`). `core` is `milepost/core` (dist/core.js, or src/core in tests).
 * @example simulatePopulation(core, journey, { users: 300, days: 30, now: Date.now() })
 */
export const simulatePopulation = (core, journey, { users = 300, days = 30, now }) => {
  const out = []
  const steps = journey.milestones.reduce((n, m) => n + m.steps.length, 0)
  let a = 0
  let left = account(0).size
  for (let i = 0; i < users; i++) {
    if (left === 0) left = account(++a).size
    left--
    const company = account(a)
    const who = persona(i, days, steps)
    const userId = `sim-${String(i).padStart(3, '0')}`
    const start = Math.floor((now - who.daysAgo * DAY) / HOUR) * HOUR
    const traits = { signedUpAt: new Date(start).toISOString(), plan: who.plan, accountValue: company.traits.value }
    const rated = new Set()
    let progress = core.emptyProgress(userId)
    let n = 0
    let stalledSince = null
    let resumeAt = null
    let delegated = false
    const batches = []
    for (let at = start + (i % 10) * HOUR; at <= now; at += who.pace * DAY) {
      const state = () => core.evaluate(journey, progress, { now: at, traits })
      let s = state()
      // The next step to do, in the user's own order (optional ones by persona): none left, they are through.
      const open = s.milestones.flatMap((m) => m.steps.filter((st) => !st.done && !st.skipped && (!st.optional || who.optional)))
      if (s.done && !open.length) break
      if (stalledSince != null && resumeAt == null && at - stalledSince > who.linger * DAY) break
      const events = []
      const push = (draft) => {
        const e = { id: `${userId}-${n++}`, at, ...draft }
        events.push(e)
        progress = core.applyEvent(progress, e)
      }
      push({ type: 'session', sessionId: `${userId}-v${n}` })
      const index = s.milestones.flatMap((m) => m.steps).filter((st) => st.done || st.skipped).length
      const going = index < who.stallAt || (resumeAt != null && at >= resumeAt)
      if (open.length && going) {
        const step = open[0]
        for (const draft of eventsFor(core, step.step.completeWhen) ?? [{ type: 'complete', stepId: step.id }]) push(draft)
      } else if (open.length) {
        stalledSince ??= at
        if (who.delegates && !delegated) {
          delegated = true
          push({ type: 'track', name: 'step:delegated', props: { stepId: open[0].id, to: `teammate-${i}@example.com`, note: 'Could you do this one?' } })
        }
      }
      // As the runtime does: a step whose condition now holds is recorded as completed.
      s = state()
      for (const st of s.milestones.flatMap((m) => m.steps)) {
        if (st.done && progress.steps[st.id]?.done === undefined) push({ type: 'complete', stepId: st.id })
      }
      // The celebration of a milestone done on this visit, and its 1–5 question (ui/controller.ts records the answer).
      for (const m of s.milestones.filter((x) => x.done && !rated.has(x.id))) {
        const score = answer(i, rated.size)
        rated.add(m.id)
        if (score != null) push({ type: 'track', name: 'milestone:rated', props: { milestoneId: m.id, score } })
      }
      // What the page shows on this visit: one card and one tooltip nudge, and the escalations due.
      const card = s.nudges.find((x) => x.show && x.nudge.card)
      const tip = s.nudges.find((x) => x.show && !x.nudge.card && x.nudge.tooltip)
      for (const x of [card, tip]) if (x) push({ type: 'nudge', nudgeId: x.id, action: 'shown' })
      if (card && who.reaction <= 1) {
        push({ type: 'nudge', nudgeId: card.id, action: 'clicked' })
        resumeAt ??= at + DAY
      } else if (card && who.reaction === 2) push({ type: 'nudge', nudgeId: card.id, action: 'dismissed' })
      for (const x of s.nudges) {
        for (const level of x.escalations.filter((l) => l.pending)) {
          push({ type: 'escalation', nudgeId: x.id, level: level.level, notify: level.notify, ...(x.milestone ? { milestoneId: x.milestone } : {}) })
        }
      }
      batches.push({ at, events })
    }
    out.push({ userId, traits, account: { id: company.id, traits: company.traits }, batches })
  }
  return out
}
