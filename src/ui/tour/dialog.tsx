// One tour step on screen: a labelled dialog next to its target (centred without one) with
// "2 of 5", Back, Next (Done on the last step) and close; arrow keys move, Esc closes.
import type { TourState } from '../../core/types'
import type { Ctx } from '../context'
import { fill } from '../strings'

export interface TourProps {
  t: TourState
  ctx: Ctx
  /** Ref for the tour anchor (null when the step has no target: CSS centres it). */
  anchorRef: (el: HTMLElement | null) => void
  dir: 'ltr' | 'rtl'
}

const noop = () => {}

/** Keyed by tour and step in App: each step is a new element, so no placement carries over. */
export const TourDialog = ({ t, ctx, anchorRef, dir }: TourProps) => {
  const { s, f, act } = ctx
  const step = t.tour.steps[t.step]!
  const last = t.step == t.steps - 1
  // A step that waits for the user to act (advanceOn) has no Next: doing the thing moves it on.
  const next = step.advanceOn ? null : () => act.tour(t.id, t.step + 1)
  const back = t.step ? () => act.tour(t.id, t.step - 1) : null
  const onKeyDown = (e: KeyboardEvent) => {
    const k = e.key
    const forward = dir == 'rtl' ? 'ArrowLeft' : 'ArrowRight'
    const go = k == 'Escape' ? () => act.tour(t.id, 'dismissed') : k == forward ? next : k == 'ArrowLeft' || k == 'ArrowRight' ? back : null
    if (!go) return
    e.stopPropagation() // Esc closes the tour, not the panel behind it
    e.preventDefault()
    go()
  }
  return (
    <div class={step.target ? 'tp tr' : 'tp tr tc'} ref={step.target ? anchorRef : noop} role="dialog"
      aria-labelledby="mp-tt" aria-describedby="mp-tx" tabIndex={-1} data-tour={t.id} onKeyDown={onKeyDown}>
      <h2 id="mp-tt">{step.title ?? t.tour.title}</h2>
      <p id="mp-tx">{step.text}</p>
      <div class="tf">
        <span class="tn">{fill(s.tourOf, { n: t.step + 1, total: t.steps }, f)}</span>
        {back && <button type="button" class="ln" onClick={back}>{s.tourBack}</button>}
        {next && <button type="button" class="bt" data-next onClick={next}>{last ? s.tourDone : s.tourNext}</button>}
      </div>
      <button type="button" class="x" aria-label={s.tourClose} onClick={() => act.tour(t.id, 'dismissed')}>×</button>
      {step.target && <i class="ar" />}
    </div>
  )
}
