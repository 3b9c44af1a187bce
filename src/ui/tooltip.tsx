// The tooltip for the next step, when that step has one. anchor.ts positions and shows it.
import type { Tooltip } from '../core/types'
import type { Anchor } from './anchor'
import type { Ctx } from './context'
import type { View } from './controller'
import type { UiState } from './instance'

/** The next step's tooltip, unless the user closed it. */
export const nextTip = (state: UiState, view: View): { stepId: string; tip: Tooltip } | null => {
  const next = state.next
  const st = next && state.milestones.find((m) => m.id === next.milestone)?.steps.find((x) => x.id === next.step)
  const tip = st?.step.tooltip
  return st && tip && view.tipClosed !== st.id ? { stepId: st.id, tip } : null
}

export const Tip = ({ stepId, tip, anchor, ctx }: { stepId: string; tip: Tooltip; anchor: Anchor; ctx: Ctx }) => (
  <div class="tp" ref={anchor.ref}>
    <p>{tip.text}</p>
    <button type="button" class="x" aria-label={ctx.s.tipClose} onClick={() => ctx.act.closeTip(stepId)}>×</button>
    <i class="ar" />
  </div>
)
