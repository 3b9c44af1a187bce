import type { JourneyState, Progress, ProgressEvent } from '../core/index'

/** What changed between two verdicts: the lifecycle events to emit and the steps newly done. */
export interface Changes {
  /**
   * Each event, and for one that stands on steps newly done by this change, whether
   * this tab's write of one of them was first (`first`): two tabs completing the same step at the same
   * moment tell it once. The session asks once its write is stored (session.ts).
   */
  events: Array<[name: string, payload: unknown, first?: First | undefined]>
  done: string[]
}

/**
 * Whether this change was first for one of its steps: the write of `written` found no completion of
 * that epoch stored for it (`olds`: each key's value before the write, as the writer gives them), or
 * no event of this write completed it (new traits counted a step done before: nothing raced).
 */
export type First = (olds: Map<string, unknown>, written: ProgressEvent[]) => boolean

/**
 * Whether a completion of step `id` in epoch `epoch` was stored before this tab's write: `olds` holds
 * each key's value before the write (the writer's answer). Then another tab (or page) was first.
 */
export const storedBefore = (olds: Map<string, unknown>, id: string, epoch: number): boolean => {
  const old = olds.get('step:' + id) as Progress | undefined
  return old?.epoch! >= epoch && old!.steps?.[id]?.done !== undefined
}

/** The `First` of these steps; none without steps (a skip completed a milestone: told by each tab). */
const firstOf = (steps: string[]): First | undefined => steps.length ? (olds, written) => steps.some((id) => {
  const e = written.find((w) => (w as { stepId?: string }).stepId === id)
  return !(e && storedBefore(olds, id, e.epoch!))
}) : undefined

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
    // Steps newly done here.
    const here: string[] = []
    for (const s of m.steps) {
      if (!s.done || before.get(m.id + '\n' + s.id)) continue
      here.push(s.id)
      events.push(['step:completed', { stepId: s.id, milestoneId: m.id }, firstOf([s.id])])
    }
    done.push(...here)
    if (m.done && !before.get(m.id)) events.push(['milestone:completed', { milestoneId: m.id }, firstOf(here)])
  }
  if (next.done && !prev.done) events.push(['journey:completed', { journeyId: next.journeyId }, firstOf(done)])
  return { events, done }
}
