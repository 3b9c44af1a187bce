import { conditionReader } from './completion'
import type { ConditionReader } from './completion'
import { foldTree } from './tree'
import type { Completion, Journey, JourneyState, Nudge, Progress, Signal } from './types'

/** What the runtime must watch for a journey's steps to complete by themselves. */
export interface Triggers {
  events: string[]
  urls: string[]
  clicks: string[]
  visible: string[]
}

const KINDS = ['event', 'url', 'click', 'visible']

/**
 * The event names, URL globs, click and visible selectors of every step's `completeWhen` and every
 * tour's `startWhen` and `advanceOn` and every nudge's `seen` signal, each once, in file order (all audiences).
 * @example collectTriggers(journey).events // ['report.created']
 */
export const collectTriggers = (journey: Journey): Triggers => {
  const sets = KINDS.map(() => new Set<string>())
  const leaf = (c: Record<string, unknown>) => KINDS.forEach((k, i) => typeof c[k] == 'string' && sets[i]!.add(c[k]))
  const conditions = [
    ...journey.milestones.flatMap((m) => m.steps.map((s) => s.completeWhen)),
    ...(journey.tours ?? []).flatMap((t) => [t.startWhen, ...t.steps.map((s) => s.advanceOn)]),
    ...(journey.nudges ?? []).flatMap((n) => foldTree<Signal, Completion[]>(n.when, (s) => ('seen' in s ? [s.seen] : []), (_, l) => l.flat())),
  ]
  for (const c of conditions) c && foldTree(c as Record<string, unknown>, leaf, () => {})
  const [events, urls, clicks, visible] = sets.map((s) => [...s]) as [string[], string[], string[], string[]]
  return { events, urls, clicks, visible }
}

/** Whether a condition's leaf reads the page: a URL, a click or an element seen. */
export const pageLeaf = (l: object): boolean => 'url' in l || 'click' in l || 'visible' in l
/** Whether a condition has a leaf that `test` accepts. */
const some = (c: Completion | undefined, test: (leaf: Record<string, unknown>) => boolean): boolean =>
  !!c && foldTree(c as Record<string, unknown>, test, (_, ls) => ls.some(Boolean))
/** Whether a condition reads the page. */
const onPage = (c: Completion | undefined): boolean => some(c, pageLeaf)

/**
 * Whether a step of `state` neither done nor skipped completes on a condition with a leaf `test`
 * accepts: the page's triggers (`watchesPage`), or an event's name (a quiet start counts such a
 * `track()`: runtime/session.ts).
 * @example openStepWaits(state, (leaf) => leaf.event == 'report.created')
 */
export const openStepWaits = (state: JourneyState, test: (leaf: Record<string, unknown>) => boolean): boolean =>
  state.milestones.some((m) => m.steps.some((s) => !s.done && !s.skipped && some(s.step.completeWhen, test)))
/** Whether a signal holds by something seen on the page (`read`: only what it has not seen yet). */
const seenOnPage = (s: Signal | undefined, read?: ConditionReader): boolean =>
  !!s && foldTree(s, (l) => 'seen' in l && onPage(l.seen) && read?.(l.seen) === undefined, (_, ls) => ls.some(Boolean))

/**
 * Whether the page's triggers can still change anything for this user: a step of their audience
 * neither done nor skipped that completes on the page, a tour running (its steps advance on what the
 * user does), a tour never started that a page sighting or a `seen` signal starts, or a nudge with a
 * `seen` signal on the page (any audience) that `progress` has not recorded yet (a `seen` signal
 * holds from its first sighting: later ones change nothing). A user whose journey is done (or
 * holds nothing for them) without such tours or nudges does not need them: the runtime then
 * watches nothing.
 * @example watchesPage(journey, evaluate(journey, progress, now), progress) // false once every step is done
 */
export const watchesPage = (journey: Journey, state: JourneyState, progress: Progress): boolean =>
  !!state.tour ||
  openStepWaits(state, pageLeaf) ||
  state.tours.some((t) => t.status == 'idle' && (onPage(t.tour.startWhen) || seenOnPage(t.tour.startOn))) ||
  unseenNudge(journey.nudges ?? [], progress)

/** Whether a nudge's `seen` signal waits for something on the page that `progress` has not recorded. */
const unseenNudge = (nudges: readonly Nudge[], progress: Progress): boolean => {
  if (!nudges.length) return false // no progress read on the (usual) journey without nudges
  const read = conditionReader(progress)
  return nudges.some((n) => seenOnPage(n.when, read))
}
