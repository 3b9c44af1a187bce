// A nudge card: title, body, the goal it serves, resources, actions, remind me later, dismiss.
import type { NudgeState } from '../core/types'
import type { Ctx } from './context'
import { Action } from './cta'
import { Resources } from './link'
import { fill } from './strings'

export const NudgeCard = ({ n, ctx, H }: { n: NudgeState; ctx: Ctx; H: 'h2' | 'h3' }) => {
  const { s, f, act } = ctx
  const card = n.nudge.card
  if (!card) return null
  const clicked = (name?: string) => act.nudge('clicked', name)
  return (
    <section class="nc" aria-labelledby="mp-n">
      <H id="mp-n">{card.title}</H>
      {card.body && <p class="de">{card.body}</p>}
      {card.goal && <p class="gl">{fill(s.goal, { goal: card.goal })}</p>}
      <Resources list={card.resources} ctx={ctx} onClick={() => clicked()} />
      <div class="ac">
        {card.actions?.map((a) => <Action cta={a} newTab={s.newTab} onAction={clicked} onClick={() => clicked()} onGo={act.go} onTour={act.startTour} />)}
        <button type="button" class="ln" onClick={() => act.nudge('snoozed')}>
          {fill(s.remind, { when: f.rel(n.nudge.snoozeDays ?? 1) })}
        </button>
        <button type="button" class="ln" onClick={() => act.nudge('dismissed')}>{s.dismiss}</button>
      </div>
    </section>
  )
}
