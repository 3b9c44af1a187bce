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

/** None while a tour runs; else the nudge's tooltip first (a tooltip-only nudge, or the card on screen's), else the next step's unless closed. */
export const nextTip = (state: UiState, view: View): TipFor | null => {
  if (state.tour) return null // one thing at a time: the tour's dialog
  const nudge = view.tipNudge ?? view.nudge
  if (nudge?.nudge.tooltip) return { tip: nudge.nudge.tooltip, nudge, title: nudge.nudge.card?.title }
  const next = state.next
  const st = next && state.milestones.find((m) => m.id === next.milestone)?.steps.find((x) => x.id === next.step)
  const tip = st?.step.tooltip
  return st && tip && view.tipClosed !== st.id ? { stepId: st.id, tip, title: st.title } : null
}

/** A non-modal dialog (like Shepherd's and driver.js's): named by its title, described by its text. */
export const Tip = ({ tip, anchor, ctx, title, ...of }: TipFor & { anchor: Anchor; ctx: Ctx }) => (
  <div class="tp" ref={anchor.ref} role="dialog" aria-labelledby={title ? 'mp-tl' : 'mp-td'} aria-describedby={title ? 'mp-td' : undefined}>
    {title && <span id="mp-tl" class="sr">{title}</span>}
    <p id="mp-td">{tip.text}</p>
    <button type="button" class="x" data-x aria-label={ctx.s.tipClose} onClick={() => ctx.act.closeTip(of)}>×</button>
    <i class="ar" />
  </div>
)
