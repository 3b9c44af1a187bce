// The whole widget: live region, tooltip, and the corner stack (launcher, panel, nudge, celebration).
import type { Anchor } from './anchor'
import { Ring } from './bars'
import { Cheer } from './cheer'
import type { Ctx } from './context'
import type { UiState } from './instance'
import { NudgeCard } from './nudge'
import { Panel } from './panel'
import { fill } from './strings'
import { nextTip, Tip } from './tooltip'
import { TourDialog } from './tour/dialog'
import { Beacon, hotKey } from './tour/hotspot'
import type { Spot } from './tour/spot'

export interface AppProps {
  state: UiState
  ctx: Ctx
  anchor: Anchor
  corner: 'bottom-right' | 'bottom-left'
  dir: 'ltr' | 'rtl'
  rate: boolean
  /** The tour dialog's own anchor, and its spotlight. */
  tourAnchor: Anchor
  spot: Spot
}

/**
 * A step without a target dims the whole page (`.sp.sa`): the box and visibility the last target's
 * step left on the same element are cleared (CSSOM, as the spotlight sets them), so Back to a welcome
 * step, or a tour started again on one, dims the page too (bb-r25).
 */
const bare = (el: HTMLElement | null) => {
  for (const p of ['visibility', 'left', 'top', 'width', 'height']) el?.style.removeProperty(p)
}

export const App = ({ state, ctx, anchor, corner, dir, rate, tourAnchor, spot }: AppProps) => {
  const { s, act, view } = ctx
  // The core counts required steps per milestone (all of them when every step is optional).
  let done = 0
  let total = 0
  for (const m of state.milestones) (done += m.resolvedSteps), (total += m.requiredSteps)
  const tip = nextTip(state, view)
  return (
    <section class="r" aria-label={s.launcher} dir={dir} lang={ctx.f.lang}>
      <div class="sr" role="log">{view.said.map((l) => <p key={l.id}>{l.text}</p>)}</div>
      <div class={corner === 'bottom-left' ? 'st bl' : 'st'}>
        {/* All done: a small round button with a check mark (the count stays for screen readers), for
            the rest of the page's life; a journey done before this page shows no launcher, nor does
            a checklist the user hid, even beside its celebration or its panel opened by open(). */}
        {!state.dismissed && (view.open || view.cheer || !state.done || view.undone) && (
          <button type="button" class={state.done ? 'lc ok' : 'lc'} aria-expanded={view.open} aria-controls="mp-p" onClick={() => act.toggle(!view.open)}>
            {state.done ? <i class="tk" aria-hidden="true">✓</i> : <Ring value={state.percent} />}
            <span class={state.done ? 'sr' : undefined}>{fill(s.count, { done, total }, ctx.f)}</span>
            {/* A preview says so with the panel closed too: the launcher is not this user's. */}
            {state.preview && <small class="lv">{fill(s.preview, { day: state.day }, ctx.f)}</small>}
            <span class="sr">{s.launcher}</span>
          </button>
        )}
        {view.open && <Panel state={state} ctx={ctx} />}
        {/* One card at a time: a celebration's moment, then the card again (both would overflow a phone). */}
        {view.nudge && !view.open && !view.cheer && <NudgeCard n={view.nudge} ctx={ctx} H="h2" />}
        {view.cheer && <Cheer state={state} ctx={ctx} rate={rate} />}
      </div>
      {/* After the corner stack at the same z-index: drawn above the open panel. */}
      {tip && (tip.tip.hotspot && view.hot !== hotKey(tip) ? <Beacon t={tip} anchor={anchor} ctx={ctx} /> : <Tip {...tip} anchor={anchor} ctx={ctx} />)}
      {state.tour?.tour.spotlight && (state.tour.tour.steps[state.tour.step]?.target
        ? <div class="sp" ref={spot.ref} aria-hidden="true" />
        : <div class="sp sa" ref={bare} aria-hidden="true" />)}
      {state.tour && <TourDialog key={state.tour.id + ':' + state.tour.step} t={state.tour} ctx={ctx} anchorRef={tourAnchor.ref} dir={dir} />}
    </section>
  )
}
