// The celebration: a milestone reached (or the whole journey), a confetti burst (CSS only; still
// pieces under reduced motion), what comes next, and the 1–5 follow-up with its ends named.
import type { Ctx } from './context'
import type { UiState } from './instance'
import { fill } from './strings'

/** Pieces of the burst: each flies to its own place (styles.ts, `.cf i:nth-child(n)`). */
const PIECES = 14

/** The milestone to do next: the one holding the journey's next step, else the first one not done. */
export const nextUp = (state: UiState, done: string | undefined) =>
  state.milestones.find((m) => m.id === state.next?.milestone && m.id !== done) ??
  state.milestones.find((m) => !m.done && m.id !== done)

export const Cheer = ({ state, ctx, rate }: { state: UiState; ctx: Ctx; rate: boolean }) => {
  const { s, f, act, view } = ctx
  // The whole journey is done: a moment of its own, nothing left to point at.
  const all = state.done
  // A user who hid the checklist is not sent back into it ("Continue" opens it): the moment alone.
  const next = all || state.dismissed ? undefined : nextUp(state, view.cheer?.id)
  const name = (n: number) => fill(s.rateN, { n }, f) + (n === 1 ? `, ${s.rateLow}` : n === 5 ? `, ${s.rateHigh}` : '')
  return (
    <section class={all ? 'ch all' : 'ch'} aria-labelledby="mp-c">
      <div class="cf" aria-hidden="true">{Array.from({ length: PIECES }, () => <i />)}</div>
      <i class="md" aria-hidden="true">{all ? '★' : '✓'}</i>
      <h2 id="mp-c">{all ? s.cheerAll : s.cheer}</h2>
      <p>{all ? fill(s.cheerAllText, { title: state.title }) : view.cheer?.title}</p>
      {next && <p class="nx">{fill(s.nextUp, { title: next.title })}</p>}
      {next && <p class="go"><button type="button" class="bt" onClick={act.continueCheer}>{s.cheerGo}</button></p>}
      {rate && (
        <fieldset class="rt">
          <legend>{s.rate}</legend>
          <div class="rb">
            {[1, 2, 3, 4, 5].map((n) => <button type="button" aria-label={name(n)} onClick={() => act.rate(n)}>{f.num(n)}</button>)}
          </div>
          <div class="re" aria-hidden="true"><span>{s.rateLow}</span><span>{s.rateHigh}</span></div>
        </fieldset>
      )}
      <button type="button" class="x" aria-label={s.close} onClick={act.endCheer}>×</button>
    </section>
  )
}
