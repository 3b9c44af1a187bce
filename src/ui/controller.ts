// What the user is looking at (open panel, shown nudge, celebration, forms) and what their clicks do.
import { DISMISSED } from '../core/delegation'
import { queryDeep } from '../adapters/selectors'
import type { NudgeState } from '../core/types'
import type { UiInstance, UiState } from './instance'
import type { TipFor } from './tooltip'
import { nextUp } from './cheer'
import { fill, type UiStrings } from './strings'

export interface View {
  open: boolean
  /** The nudge card on screen: kept until the user acts on it, even when the engine stops offering it. */
  nudge: NudgeState | null
  cheer: { id: string; title: string } | null
  /** The step whose "Ask a teammate" form is open. */
  asking: string | null
  /** What waits for its act or "Keep it" (AskFirst): a step's Skip (its id), or Hide checklist (''). */
  sure: string | null
  /** The step whose tooltip the user closed for this page. */
  tipClosed: string | null
  /** The hotspot whose tooltip the user opened (its hotKey); `hotFocus` until its close button has focus. */
  hot: string | null
  hotFocus: boolean
  /** The step whose tooltip "Show me" asked for: it comes before the next step's. */
  point: string | null
  /** Focus the tooltip once it is placed (after "Show me"). */
  tipFocus: boolean
  /** A nudge shown as a tooltip only (no card): kept like `nudge` until closed or no longer offered. */
  tipNudge: NudgeState | null
  /** Milestone id → steps shown; open milestones start expanded. */
  expanded: Record<string, boolean>
  /** The journey was open at some point since mount: it finished here, so its launcher stays. */
  undone: boolean
  /** The page element focused when `open()` opened the panel: focus goes back there when there is no launcher. */
  opener: Element | null
  /**
   * The live region's lines (`role="log"`): each new line is heard once, on its own, whatever came
   * just before (two steps done at once, a milestone and the journey with it, the next step's
   * tooltip); a line is kept SAID_MS, then leaves the region.
   */
  said: ReadonlyArray<{ id: number; text: string; at: number }>
  /**
   * Where focus moves after the next render: a named place, or a selector in the shadow root.
   * `launcher` and `cheer` move it only when focus is already in the widget, never from the page.
   */
  focus: 'panel' | 'launcher' | 'ask' | 'cheer' | `[${string}]` | null
}

export type NudgeAct = 'clicked' | 'dismissed' | 'snoozed'

/**
 * A celebration the page was left under (a click that completes a milestone and submits a form,
 * bb-r23): kept for the tab (sessionStorage `milepost:cheer`: whose, milestone, when) until closed,
 * and shown once more by the next page of the tab within `CHEER_MS`, for the same user and account.
 */
const CHEER_KEY = 'milepost:cheer'
const CHEER_MS = 5 * 60_000
/** The kept celebration, after keeping `value` when given (`[]` drops it). Storage blocked: the celebration stays this page's. */
export const kept = (value?: unknown[]): string[] => {
  try {
    if (value) sessionStorage.setItem(CHEER_KEY, value.join('\0')) // no NUL in ids (the server refuses one)
    return sessionStorage.getItem(CHEER_KEY)?.split('\0') ?? []
  } catch {
    return []
  }
}

/** Steps that open milestones show expanded at the start, at most (the first open one shows all of its own). */
const EXPANDED = 30

/** How long a line stays in the live region (then it leaves, unheard: it was heard when it came). */
export const SAID_MS = 8000
const fresh = (lines: View['said'], at: number) => lines.filter((l) => at - l.at < SAID_MS && l.at <= at)

/** A view of nothing yet (`expanded` aside, an object of each view's own): at the start, and for another user. */
const BLANK: Omit<View, 'expanded'> = {
  open: false, nudge: null, cheer: null, asking: null, sure: null, tipClosed: null, point: null, tipFocus: false, tipNudge: null, hot: null, hotFocus: false,
  undone: false, opener: null, said: [], focus: null,
}

/**
 * Holds the view and turns user intent into instance calls. `draw` renders now; `later` renders
 * once after a burst of changes.
 */
export const createController = (
  instance: UiInstance, s: UiStrings, now: () => number, draw: () => void, later: () => void,
  /** The host's router for links into the app (`navigate` of mountUi's options, else the instance's). */
  navigate: () => ((href: string) => void) | undefined = () => undefined,
) => {
  const view: View = { ...BLANK, expanded: {} }
  let state: UiState | null = null
  /** Steps resolved in the card's milestone when the card appeared. */
  let cardFrom = 0
  const title = (id: unknown): string => {
    for (const m of state?.milestones ?? []) {
      if (m.id === id) return m.title
      for (const st of m.steps) if (st.id === id) return st.title
    }
    return ''
  }
  /** Whether the milestone or step `id` is done in the state on screen. */
  const doneNow = (id: unknown): boolean =>
    !!state?.ready && state.milestones.some((m) => (m.id === id && m.done) || m.steps.some((st) => st.id === id && st.done))
  // record() resolves once the event is durable: render again so what it changed shows.
  const settle = (result: unknown) => void Promise.resolve(result).then(later, later)
  const nudgeEvent = (action: NudgeAct | 'shown', n: NudgeState, until?: number) => {
    settle(instance.record(until === undefined
      ? { type: 'nudge', nudgeId: n.id, action }
      : { type: 'nudge', nudgeId: n.id, action, until }))
    if (action !== 'snoozed') instance.emit('nudge:' + action, { nudgeId: n.id })
  }
  // Nudges recorded as shown while on screen: once per appearance, not once per render.
  const told = new Set<string>()
  let line = 0
  /** A line (or lines: `\n`) for the live region, after those of the last SAID_MS. */
  const say = (text: string) => {
    const at = now()
    view.said = [...fresh(view.said, at), ...text.split('\n').map((text) => ({ id: ++line, text, at }))]
  }
  /** Steps this user asked to skip: told in the live region once the state shows them skipped. */
  const skipping = new Set<string>()
  /** Open milestones that started closed for want of room (EXPANDED), not closed by the user. */
  const unopened = new Set<string>()
  /** Tooltips told in the live region on this page (a step's id, a nudge's `n:` id): once each. */
  const tipsTold = new Set<string>()

  /** Whose the view is (user and account): another's starts from nothing of theirs. */
  let whose: string | undefined
  const setState = (next: UiState) => {
    state = next
    if (!next?.ready || !Array.isArray(next.milestones)) return
    const who = (next.user?.id ?? '') + '\n' + (next.account?.id ?? '')
    // identify() switched users: the card, celebration, forms, tooltips and live region the last
    // one had are not this one's (a celebration or a card clicked here would be recorded as theirs).
    // The panel stays open or closed, as the user left it.
    if (whose !== undefined && who !== whose) {
      const { open, opener, focus } = view
      Object.assign(view, BLANK, { open, opener, focus, expanded: {} })
      told.clear()
      skipping.clear()
      tipsTold.clear()
      unopened.clear()
    }
    if (whose === undefined) {
      // The first state of this page: a celebration the tab's last page was left under, once.
      const [w, id, at] = kept()
      const age = now() - Number(at)
      whose = who
      if (w === who && age >= 0 && age <= CHEER_MS) events['milestone:completed']!({ milestoneId: id })
      if (w) kept([]) // a page with nothing kept writes nothing
    }
    whose = who
    // Open milestones start expanded, in the journey's order, until they show EXPANDED steps (the first
    // always): a journey of 60 milestones and 2,000 steps had rendered every step, and opening the
    // panel held the page 2–4 s on a slow phone (bb-r33). The milestone holding the next step opens
    // when it comes to be the next one, unless the user closed it.
    let shown = 0
    for (const m of next.milestones) if (view.expanded[m.id]) shown += m.steps.length
    for (const m of next.milestones) {
      if (!(m.id in view.expanded)) {
        if ((view.expanded[m.id] = !m.done && shown < EXPANDED)) shown += m.steps.length
        else if (!m.done) unopened.add(m.id)
      }
      for (const st of m.steps) if (st.skipped && skipping.delete(st.id)) say(fill(s.saidSkip, { title: st.title }))
    }
    if (unopened.delete(next.next?.milestone!)) view.expanded[next.next!.milestone] = true
    if (!next.done) view.undone = true
    const nudges = next.nudges ?? []
    const resolved = (n: NudgeState | null) => next.milestones.find((m) => m.id === n?.milestone)?.resolvedSteps ?? 0
    // The card on screen stays until the user acts on it: on the card (here, or dismissed or
    // snoozed in another tab or on an earlier page whose record arrived since: bb-r30), or on its
    // milestone (a step done or skipped there since it appeared). The engine may stop offering it
    // for other reasons (a due-soon window passing, a session starting, time going by offline): it stays then.
    const rec = view.nudge && instance.getProgress?.()?.nudges[view.nudge.id]
    const card = view.nudge && !(rec && (rec.dismissed != null || rec.snoozed?.[0]! > now())) &&
      (nudges.find((n) => n.id === view.nudge!.id) ?? (resolved(view.nudge) === cardFrom ? view.nudge : null))
    view.nudge = card || (nudges.find((n) => n.show && n.nudge.card) ?? null)
    if (!card) cardFrom = resolved(view.nudge)
    // A tooltip-only nudge goes away when the engine stops offering it (docs/ui.md).
    const tip = view.tipNudge && nudges.find((n) => n.id === view.tipNudge!.id)
    view.tipNudge = tip || (nudges.find((n) => n.show && !n.nudge.card && n.nudge.tooltip && n.id !== view.nudge?.id) ?? null)
    for (const id of told) if (id !== view.nudge?.id && id !== view.tipNudge?.id) told.delete(id)
  }

  /**
   * The user saw a nudge: its card was rendered, or its tooltip was placed next to a target that
   * is on the page. Picked is not shown: a tooltip whose target is missing never counts. True the
   * first time.
   */
  const seen = (n: NudgeState | null): boolean | void => {
    if (!n || told.has(n.id) || (n.id !== view.nudge?.id && n.id !== view.tipNudge?.id)) return
    told.add(n.id)
    nudgeEvent('shown', n)
    return true
  }

  /**
   * A tooltip came on screen next to its target: what to tell of it in the live region (its title
   * and text), once a page, since Tab from the target does not reach it; nothing for one that takes
   * focus ("Show me", an opened hotspot: the dialog is read as it is focused), nor a hotspot's beacon.
   */
  const tipShown = (t: TipFor | null): string | undefined => {
    const key = t && (t.nudge ? 'n:' + t.nudge.id : t.stepId)
    if (!t || t.tip.hotspot || tipsTold.has(key!)) return
    tipsTold.add(key!)
    // A nudge's tooltip is its text: a card's title is told by the card.
    if (!view.tipFocus && !view.hotFocus) return t.title && !t.nudge ? t.title + '\n' + t.tip.text : t.tip.text
  }

  const act = {
    toggle(open: boolean) {
      view.open = open
      view.asking = null
      view.focus = open ? 'panel' : 'launcher'
      draw()
    },
    expand(id: string) {
      unopened.delete(id)
      view.expanded[id] = !view.expanded[id]
      draw()
    },
    /**
     * A link into the app was followed: the panel closes so the page it opens is not under it
     * (like Userflow's and Appcues' checklists). Focus goes to the launcher; the app may move it on.
     * With the host's `navigate` (its router), a plain click goes through it instead of loading the
     * page; a click with a modifier (a new tab) or a failing `navigate` is left to the browser.
     */
    go(event?: MouseEvent, href?: string) {
      const to = navigate()
      if (to && href && event && !(event.button || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey)) {
        const url = new URL(href, location.href)
        const failed = (error: unknown) => instance.emit('error', { kind: 'ui', message: 'navigate() failed: ' + error, error })
        try {
          // A router whose push returns a Promise that fails: told, and the page loads after all.
          void Promise.resolve(to(url.pathname + url.search + url.hash)).catch((error: unknown) => (failed(error), location.assign(url)))
          event.preventDefault()
        } catch (error) {
          failed(error)
        }
      }
      if (view.open) act.toggle(false)
    },
    /**
     * "Show me" on a call to action that leads to the page the user is on: the panel closes, the
     * step's tooltip points at its target (scrolled into view) and takes focus once placed.
     */
    point(stepId: string, target: string) {
      view.point = stepId
      view.tipFocus = true
      if (view.tipClosed === stepId) view.tipClosed = null
      try {
        queryDeep(document, target)?.scrollIntoView({ block: 'center' })
      } catch {
        // An invalid selector: the anchor reports it once.
      }
      act.toggle(false)
    },
    complete: (stepId: string) => void instance.complete(stepId),
    /** Asks first (AskFirst: Skip, Hide checklist) for `mark`; null keeps what was asked about. */
    askFirst(mark: string | null) {
      const was = view.sure
      view.sure = mark
      view.focus = mark === null ? `[data-first="${was}"]` : `[data-sure="${mark}"]`
      draw()
    },
    /**
     * Skips a step (asked first): the question stays until the new state takes the step's buttons
     * away, then focus moves on (focus.ts), and the skip is told in the live region.
     */
    skip(stepId: string) {
      skipping.add(stepId)
      void instance.skip(stepId)
    },
    action: (name: string, stepId: string) => void instance.emit('action', { name, stepId }),
    /**
     * Hides the checklist (asked first): recorded, so the launcher stays away on every page and
     * device until a reset; the host's `open()` still opens it.
     */
    hide() {
      view.sure = null
      settle(instance.record({ type: 'track', name: DISMISSED }))
      instance.emit(DISMISSED, { journeyId: state?.journeyId })
      act.toggle(false)
    },
    ask(stepId: string | null) {
      const was = view.asking
      view.asking = stepId
      view.focus = stepId ? 'ask' : was ? `[data-ask="${was}"]` : null
      draw()
    },
    /** Submits an "Ask a teammate" form: who (name or email) and an optional note. */
    send(stepId: string, form: HTMLFormElement) {
      const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement | null)?.value.trim() ?? ''
      const to = value('to')
      const note = value('note')
      if (!to) return
      settle(instance.record({
        type: 'track', name: 'step:delegated', props: note ? { stepId, to, note } : { stepId, to },
      }))
      view.asking = null
      say(fill(s.saidAsked, { name: to }))
      view.focus = `[data-ask="${stepId}"]`
      draw()
    },
    nudge(what: NudgeAct, name?: string) {
      const n = view.nudge
      if (!n) return
      view.nudge = null
      // "Remind me tomorrow" counts calendar days: the same wall-clock time N days on in the page's
      // zone (23 or 25 hours a day across a daylight-saving change), not N × 24 h.
      const until = new Date(now())
      until.setDate(until.getDate() + (n.nudge.snoozeDays ?? 1))
      nudgeEvent(what, n, what === 'snoozed' ? until.getTime() : undefined)
      if (name) instance.emit('action', { name, nudgeId: n.id })
      view.focus = 'launcher' // the card is gone
      draw()
    },
    rate(score: number) {
      const milestoneId = view.cheer?.id
      settle(instance.record({ type: 'track', name: 'milestone:rated', props: { milestoneId, score } }))
      say(s.thanks)
      act.endCheer()
    },
    endCheer() {
      kept([])
      view.cheer = null
      view.focus = 'launcher'
      draw()
    },
    /**
     * "Continue" under "Next up": the celebration closes and the checklist opens on the next
     * milestone, its toggle focused (ids are `[A-Za-z0-9_.:-]`: safe in the selector).
     */
    continueCheer() {
      kept([])
      const done = view.cheer?.id
      const next = state && nextUp(state, done)
      view.cheer = null
      // The panel shows what comes next: the milestone just reached folds away, the next one opens
      // (asked for, even if the user had closed it) and its toggle takes focus, in view (bb-r33:
      // the done one stayed open above it, the next one below the panel's edge on a phone).
      if (done) view.expanded[done] = false
      if (next) (view.expanded[next.id] = true), unopened.delete(next.id)
      view.open = true
      view.asking = null
      view.focus = next ? `[aria-describedby="mp-mi-${next.id}"]` : 'panel'
      draw()
    },
    /** Moves the running tour to a step (completed past the last), or closes it. */
    tour: (tourId: string, to: number | 'dismissed') => settle(instance.record(
      to == 'dismissed' ? { type: 'tour', tourId, action: to } : { type: 'tour', tourId, action: 'step', step: to },
    )),
    /** A hotspot's beacon was clicked: its tooltip opens; focus moves to its close button once it is placed (mount.ts). */
    openHotspot(key: string) {
      view.hot = key
      view.hotFocus = true
      draw()
    },
    /** A button with `"tour": id`: starts that tour. */
    startTour: (tourId: string) => settle(instance.record({ type: 'tour', tourId, action: 'started' })),
    /** "Got it" on a tooltip: a step's hides for this page; a nudge's is dismissed (recorded). */
    closeTip({ stepId, nudge, target }: { stepId?: string | undefined; nudge?: NudgeState | undefined; target?: string }) {
      if (nudge && view.nudge?.id === nudge.id) act.nudge('dismissed')
      else {
        if (nudge) {
          view.tipNudge = null
          nudgeEvent('dismissed', nudge)
        } else {
          view.tipClosed = stepId ?? null
          if (view.point === stepId) view.point = null
        }
        view.focus = 'launcher'
        draw()
      }
      // Focus was in the tooltip, which is gone: on to what it pointed at, when that takes focus.
      try {
        const el = target ? queryDeep(document, target) as HTMLElement | null : null
        if (el?.matches('a[href],button:not(:disabled),input:not(:disabled),select,textarea,[tabindex]')) el.focus()
      } catch {
        // An invalid selector never had a tooltip.
      }
    },
  }

  /** Instance events the UI reacts to. */
  const events: Record<string, (detail: any) => void> = {
    open: () => {
      const el = document.activeElement
      // Focus in the page: where it goes back to without a launcher. In the widget: where it was
      // before it came in (mount.ts keeps that) stays.
      if (!view.open && el && el.tagName !== 'MILEPOST-UI' && el !== document.body) view.opener = el
      act.toggle(true)
    },
    close: () => act.toggle(false),
    // Told of what the state now shows done: a change saved after a switch of user was the last
    // user's (runtime.md), and is not this one's to announce or celebrate.
    'step:completed': (d) => {
      if (!doneNow(d?.stepId)) return
      say(fill(s.saidStep, { title: title(d?.stepId) }))
      later()
    },
    'milestone:completed': (d) => {
      const id = String(d?.milestoneId ?? '')
      if (!doneNow(id)) return
      view.cheer = { id, title: title(id) }
      // Announced in the live region; focus stays where the user is working (the ticked box).
      say(fill(s.saidMilestone, { title: view.cheer.title }))
      kept([whose, id, now()])
      later()
    },
    // The celebration's own words when the whole journey is done ("You did it! You finished …").
    'journey:completed': () => {
      if (!state?.ready || !state.done) return
      say(s.cheerAll + '\n' + fill(s.cheerAllText, { title: state.title }))
      later()
    },
  }

  return {
    view, act, events, setState, seen, say, tipShown, state: () => state,
    /** Drops the live region's lines older than SAID_MS; true when some are left. */
    tidy: () => (view.said = fresh(view.said, now())).length > 0,
  }
}

export type Controller = ReturnType<typeof createController>
export type Actions = Controller['act']
