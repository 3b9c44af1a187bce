// A hotspot: a small pulsing beacon on the tooltip's target (static under reduced motion). A
// click or Enter on it opens the tooltip; the tooltip's close works as before.
import type { Anchor } from '../anchor'
import type { Ctx } from '../context'
import type { TipFor } from '../tooltip'

/** What a hotspot is for: the same key opens it and keeps it open. */
export const hotKey = (t: TipFor): string => (t.nudge ? 'n:' + t.nudge.id : 's:' + t.stepId)

export const Beacon = ({ t, anchor, ctx }: { t: TipFor; anchor: Anchor; ctx: Ctx }) => (
  <button type="button" class="tp hs" ref={anchor.ref} aria-haspopup="dialog" aria-label={t.title ?? t.tip.text}
    onClick={() => ctx.act.openHotspot(hotKey(t))} />
)
