// The runtime side of tours: startTour, the UI's Next/Back/close, and the sightings and tracked
// events that move the running tour (its step's `advanceOn`) or start one (`startWhen`). Every
// move is an event recorded through the one dispatch path; the engine says where tours stand.
// The script tag loads this file from beside itself (tours.lazy.ts), only for a journey with tours.
// From the modules themselves, not the core's index (which re-exports the validator).
import { tourMove, tourMoves } from '../core/tour-moves'
import type { TourDraft, TourFact } from '../core/tour-moves'
import type { Completion, JourneyState, Progress } from '../core/types'
import { foldTree } from '../core/tree'
import { pageUrl } from '../adapters/url'
import type { watchSeen } from './triggers'
import type { TourRequest } from './tour-events'

export type { TourRequest }

/** The `visible` selectors of a condition, and whether it waits on a URL. */
const watchedIn = (c: Completion | undefined): { visible: string[]; url: boolean } =>
  c ? foldTree<Completion, { visible: string[]; url: boolean }>(c, (l) => ({ visible: 'visible' in l ? [l.visible] : [], url: 'url' in l }),
    (_, ls) => ({ visible: ls.flatMap((l) => l.visible), url: ls.some((l) => l.url) })) : { visible: [], url: false }


/** What the tours work with. */
export interface TourParts {
  /** The engine's state now (null before ready). */
  state: () => JourneyState | null
  /** The progress document now. */
  progress: () => Progress | null
  /** Records drafts (applied at once, then saved). */
  dispatch: (drafts: TourDraft[]) => unknown
  /** startTour() of a tour the journey does not have (for this user). */
  onUnknown: (tourId: string) => void
  /** Watches elements until stopped (the page triggers' own, so the script tag loads it once). */
  watchSeen: typeof watchSeen
  /** The script tag's tours file could not load (tours.lazy.ts); not called here. */
  onFail?: (error: unknown) => void
}

export type Tours = ReturnType<typeof createTours>

export const createTours = ({ state, progress, dispatch, onUnknown, watchSeen }: TourParts) => {
  const find = (id: string) => state()?.tours.find((t) => t.id === id)
  let watching = ''
  let unwatch = () => {}
  return {
    /**
     * After each new state: a running step that waits on the page sees the page as the step
     * begins, as later. An element it waits for is watched afresh (the journey's own watcher
     * reports each selector once per user), visible already or once it appears; a URL it waits
     * for counts when the page is there already (the page triggers report later navigations).
     */
    watch() {
      const t = state()?.tour
      const wanted = watchedIn(t?.tour.steps[t.step]?.advanceOn)
      const key = wanted.visible.length || wanted.url ? `${t!.id}:${t!.step}:${t!.seq}` : ''
      if (key === watching) return
      unwatch()
      unwatch = () => {}
      watching = key
      // Not inside the stores' notification that called watch().
      if (wanted.url) void Promise.resolve().then(() => this.fact({ type: 'url', url: pageUrl() }))
      // The script tag loads the watcher from beside itself (triggers.lazy.ts): a done user's page
      // may start a tour (startTour) without having needed the page's triggers before.
      if (wanted.visible.length) unwatch = watchSeen(wanted.visible, (selector) => void this.fact({ type: 'visible', selector }))
    },
    /**
     * After each new state: a tour whose `startOn` signal now holds (idle, none running) starts, in
     * a task after this one (not inside the stores' notification); once started it is no longer idle.
     */
    begin() {
      if (!state()?.tour && state()?.tours.some((t) => t.starts)) {
        void Promise.resolve().then(() => {
          const s = state()
          const t = !s?.tour && s?.tours.find((x) => x.starts)
          if (t) return dispatch([tourMove(t, 'started')])
        })
      }
    },
    /** Stops the watcher `watch` started. */
    stop() {
      unwatch()
      watching = ''
    },
    /**
     * Starts (or replays from its first step) tour `id`; a running tour is dismissed first, `id`
     * itself too (closed where it is, then started again).
     */
    start(id: string) {
      const t = find(id)
      if (!t) return onUnknown(String(id))
      const running = state()!.tour
      const started = tourMove(t, 'started')
      // The restart is one seq past its own dismissal, or the register would keep `dismissed` (a later action wins a tie).
      if (running?.id === id) started.seq++
      return dispatch(running ? [tourMove(running, 'dismissed'), started] : [started])
    },
    /** A move the UI asks for, stamped with the tour's next seq; moves of a tour not running are dropped (a stale click). */
    request(r: TourRequest) {
      if (r.action == 'started') return this.start(r.tourId)
      const t = find(r.tourId)
      if (t?.status != 'active') return
      return dispatch([tourMove(t, r.action == 'dismissed' ? 'dismissed' : r.action == 'completed' ? t.steps : r.step ?? t.step + 1)])
    },
    /** Something the user did: moves the running tour or starts one when a condition holds by it. */
    fact(f: TourFact) {
      const s = state()
      const p = progress()
      const move = s && p && tourMoves(s.tours, s.tour, p, f)
      if (move) return dispatch([move])
    },
  }
}
