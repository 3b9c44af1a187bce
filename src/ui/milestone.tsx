// A milestone: status as colour and words with the reason, due text, its bar, and its steps.
import type { MilestoneState } from '../core/types'
import { Bar } from './bars'
import type { Ctx } from './context'
import { StepRow } from './step'
import { fill } from './strings'

/** "Due in 3 days", "Due tomorrow", "2 days overdue", or nothing. */
const dueText = (m: MilestoneState, { s, f }: Ctx): string =>
  m.done || m.daysLeft === null ? '' : m.daysLeft < 0
    ? fill(s.overdueBy, { days: f.days(-m.daysLeft) })
    : fill(s.due, { when: f.rel(m.daysLeft) })

/** `H` is the heading level: h4 under a stage heading, h3 without stages. */
export const MilestoneItem = ({ m, ctx, H }: { m: MilestoneState; ctx: Ctx; H: 'h3' | 'h4' }) => {
  const { s, act, view } = ctx
  const open = view.expanded[m.id]
  const due = dueText(m, ctx)
  // Waiting on an on-time dependency: the engine keeps it `on-track`; it reads as waiting, not green.
  const status = m.waitingFor ? s.waiting : s[m.status] ?? m.status
  // The milestone's current step (its first open one) is the only one showing its actions.
  const current = m.steps.find((st) => !st.done && !st.skipped)?.id
  // The engine's reason often repeats the status or the due text: show it only when it adds something.
  const reason = m.reason && ![status, due].some((t) => t.toLowerCase() === m.reason.toLowerCase()) ? m.reason : ''
  return (
    <li class={`m ${m.waitingFor ? 'wt' : m.colour}`}>
      <H>
        <button type="button" class="mh" aria-expanded={open} onClick={() => act.expand(m.id)}>
          <i class="cv" aria-hidden="true" />{m.title}
        </button>
      </H>
      <p class="mi">
        <span class="bd">{status}</span>
        {reason && <span>{reason}</span>}
        {due && <span>{due}</span>}
      </p>
      <Bar value={m.percent} label={m.title} />
      {open && (
        <>
          {m.milestone.description && <p class="de">{m.milestone.description}</p>}
          <ul>{m.steps.map((st) => <StepRow key={st.id} st={st} ctx={ctx} current={st.id === current} />)}</ul>
        </>
      )}
    </li>
  )
}
