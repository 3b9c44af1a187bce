import type { JourneyState } from '../core/index'

/**
 * The engine's state of a journey not loaded (yet, or ever: outside a browser): the id and title of
 * `config`, no milestones, not done. A pure function of `config` and `now`, so a server render and
 * the browser's first render agree on it. Written out rather than evaluated: the script tag's first
 * file does not carry the engine (test/core/quiet.test.ts holds it to `evaluate`'s answer). Not done, it
 * claims nothing either: status `on-track` with an empty headline (the engine says "Done" of a journey
 * without milestones; a renderer reading `headline` while the progress loads would flash it).
 */
export const notReadyState = (config: { id: string; title: string } | null | undefined, now: number): Omit<JourneyState, 'account'> => {
  const { id = '', title = '' } = config ?? {}
  return {
    journeyId: id, title, now, startedAt: now, day: 0, percent: 0, done: false, doneAt: null, plannedFinish: null, projectedFinish: null,
    slipDays: 0, status: 'on-track', colour: 'green', behind: [], headline: '', stages: [], milestones: [], nudges: [], tours: [], tour: null,
    dismissed: false, next: null,
  }
}
