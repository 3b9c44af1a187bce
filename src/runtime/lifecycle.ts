import type { JourneyState } from '../core/index'

/** What changed between two verdicts: the lifecycle events to emit and the steps newly done. */
export interface Changes {
  events: Array<[name: string, payload: unknown]>
  done: string[]
}

/** Diffs two states of one user: `step:completed`, `milestone:completed`, `journey:completed`. */
export const diffStates = (prev: JourneyState, next: JourneyState): Changes => {
  const events: Changes['events'] = []
  const done: string[] = []
  const before = new Map<string, boolean>()
  for (const m of prev.milestones) {
    before.set(m.id, m.done)
    for (const s of m.steps) before.set(m.id + '\n' + s.id, s.done)
  }
  for (const m of next.milestones) {
    for (const s of m.steps) {
      if (!s.done || before.get(m.id + '\n' + s.id)) continue
      done.push(s.id)
      events.push(['step:completed', { stepId: s.id, milestoneId: m.id }])
    }
    if (m.done && !before.get(m.id)) events.push(['milestone:completed', { milestoneId: m.id }])
  }
  if (next.done && !prev.done) events.push(['journey:completed', { journeyId: next.journeyId }])
  return { events, done }
}
