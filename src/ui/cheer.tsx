// The milestone celebration (a CSS-only burst, none under reduced motion) and the 1–5 follow-up.
import type { Ctx } from './context'
import { fill } from './strings'

export const Cheer = ({ ctx, rate }: { ctx: Ctx; rate: boolean }) => {
  const { s, act, view } = ctx
  return (
    <section class="ch" aria-labelledby="mp-c">
      <i class="cf" aria-hidden="true" />
      <h2 id="mp-c">{s.cheer}</h2>
      {view.cheer?.title && <p>{view.cheer.title}</p>}
      {rate && (
        <fieldset class="rt">
          <legend>{s.rate}</legend>
          {[1, 2, 3, 4, 5].map((n) => (
            <button type="button" aria-label={fill(s.rateN, { n })} onClick={() => act.rate(n)}>{n}</button>
          ))}
        </fieldset>
      )}
      <button type="button" class="x" aria-label={s.close} onClick={act.endCheer}>×</button>
    </section>
  )
}
