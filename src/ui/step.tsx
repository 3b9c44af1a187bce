// One step: its done state, a checkbox when it is manual, call to action, resources, skip, delegate.
import type { StepState } from '../core/types'
import type { Ctx } from './context'
import { AskFirst } from './ask-first'
import { Action, onPage } from './cta'
import { Delegate } from './delegate'
import { Resources } from './link'
import { fill } from './strings'

/** `current`: the milestone's first open step, the only one showing its call to action, Skip and Ask. */
export const StepRow = ({ st, ctx, current }: { st: StepState; ctx: Ctx; current: boolean }) => {
  const { s, act, view } = ctx
  const open = !st.done && !st.skipped
  const acts = open && current
  const who = st.handedTo
  const tip = st.step.tooltip
  // The step's title describes its Skip and Ask buttons: two open milestones had two of each, alike.
  const about = `mp-sn-${st.id}`
  const title = <span class="sn" id={about}>{st.title}</span>
  return (
    <li class={open ? 's' : 's dn'} data-step={st.id}>
      {st.manual
        ? (
          <label class="sl">
            {/* Completion cannot be undone: a click on a done box changes nothing. */}
            <input type="checkbox" checked={st.done} onClick={(e) => (st.done ? e.preventDefault() : act.complete(st.id))} />
            {title}
          </label>
        )
        : <span class="sl"><i class={st.done ? 'ck on' : 'ck'} aria-hidden="true" />{title}</span>}
      {(st.done || st.skipped || st.optional) && (
        <span class="tg">{st.done ? s.done : st.skipped ? s.skipped : s.optional}</span>
      )}
      {st.step.description && <p class="de">{st.step.description}</p>}
      {who && <p class="de">{fill(s.with, { name: who })}</p>}
      {acts && (
        <div class="ac">
          {st.step.cta && (
            <Action
              cta={st.step.cta} newTab={s.newTab} showMe={s.showMe} onAction={(name) => act.action(name, st.id)} onGo={act.go} onTour={act.startTour}
              {...(tip && onPage(tip.target) ? { onShow: () => act.point(st.id, tip.target) } : {})}
            />
          )}
          <AskFirst ctx={ctx} mark={st.id} label={s.skip} question={s.skipSure} yes={s.skipYes} onYes={() => act.skip(st.id)} about={about} />
          <button type="button" class="ln" data-ask={st.id} aria-expanded={view.asking === st.id} aria-describedby={about} onClick={() => act.ask(view.asking === st.id ? null : st.id)}>
            {s.ask}
          </button>
        </div>
      )}
      <Resources list={st.step.resources} ctx={ctx} />
      {acts && view.asking === st.id && <Delegate stepId={st.id} ctx={ctx} />}
    </li>
  )
}
