// The one tooltip on screen: a nudge's (when the engine offers a nudge with a tooltip), else the
// next step's, when it has one. anchor.ts positions and shows it.
import type { NudgeState, Tooltip } from '../core/types'
import type { Anchor } from './anchor'
import type { Ctx } from './context'
import type { View } from './controller'
import type { UiState } from './instance'

/** What the tooltip is for: a step (closing hides it for this page) or a nudge (closing dismisses it). */
export type TipFor = ({ tip: Tooltip; stepId: string; nudge?: undefined } | { tip: Tooltip; nudge: NudgeState; stepId?: undefined }) & {
  /** The dialog's name: the step's title or the nudge card's; the text itself when there is none. */
  title?: string | undefined
}

/**
 * None while a tour runs (one thing at a time: the tour's dialog); else the nudge's tooltip first (a
 * tooltip-only nudge, or the card on screen's), else the step "Show me" pointed at, else the next
 * step's, unless closed.
 */
export const nextTip = (state: UiState, view: View): TipFor | null => {
  if (state.tour) return null // one thing at a time: the tour's dialog
  const nudge = view.tipNudge ?? view.nudge
  if (nudge?.nudge.tooltip) return { tip: nudge.nudge.tooltip, nudge, title: nudge.nudge.card?.title }
  const steps = state.milestones.flatMap((m) => m.steps)
  // "Show me" asked for this step's tooltip: it wins while the step is open.
  const pointed = steps.find((x) => x.id === view.point && !x.done && !x.skipped && x.step.tooltip)
  const next = state.dismissed ? null : state.next // a hidden checklist points at nothing by itself
  const st = pointed ?? (next && state.milestones.find((m) => m.id === next.milestone)?.steps.find((x) => x.id === next.step))
  const tip = st?.step.tooltip
  return st && tip && view.tipClosed !== st.id ? { stepId: st.id, tip, title: st.title } : null
}

/** A non-modal dialog (like Shepherd's and driver.js's): named by its title, described by its text. */
export const Tip = ({ tip, anchor, ctx, title, ...of }: TipFor & { anchor: Anchor; ctx: Ctx }) => (
  <div class="tp" ref={anchor.ref} tabIndex={-1} role="dialog" aria-labelledby={title ? 'mp-tl' : 'mp-td'} aria-describedby={title ? 'mp-td' : undefined}>
    {title && <span id="mp-tl" class="sr">{title}</span>}
    <p id="mp-td">{tip.text}</p>
    <button type="button" class="x" data-x aria-label={ctx.s.tipClose} onClick={() => ctx.act.closeTip({ ...of, target: tip.target })}>×</button>
    <i class="ar" />
  </div>
)
