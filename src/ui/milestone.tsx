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

const cap = (t: string) => t.charAt(0).toUpperCase() + t.slice(1)

/**
 * One short line beside the chip: the engine's reason without the status it repeats ("At risk:
 * not started, due tomorrow" → "Not started, due tomorrow"), then the due text unless the reason
 * already says when ("Starts after “Connect your data” · Due in 5 days").
 */
export const lineOf = (reason: string, status: string, due: string): string => {
  const lower = reason.toLowerCase()
  const s = status.toLowerCase()
  const rest = lower === s ? '' : lower.startsWith(s + ': ') ? cap(reason.slice(s.length + 2)) : reason
  // The engine's reasons are English: "due in 2 days", "due tomorrow", "7 days overdue", "Overdue since today".
  return !due || /\bdue (in|tomorrow|today)\b|\bdays? overdue\b|overdue since/i.test(rest) ? rest : rest ? `${rest} · ${due}` : due
}

/** `H` is the heading level: h4 under a stage heading, h3 without stages. */
export const MilestoneItem = ({ m, ctx, H }: { m: MilestoneState; ctx: Ctx; H: 'h3' | 'h4' }) => {
  const { s, act, view } = ctx
  const open = view.expanded[m.id]
  const due = dueText(m, ctx)
  // Waiting on an on-time dependency: the engine keeps it `on-track`; it reads as waiting, not green.
  const status = m.waitingFor ? s.waiting : s[m.status] ?? m.status
  // The milestone's current step (its first open one) is the only one showing its actions.
  const current = m.steps.find((st) => !st.done && !st.skipped)?.id
  const line = lineOf(m.reason, status, due)
  return (
    <li class={`m ${m.waitingFor ? 'wt' : m.colour}`}>
      <H>
        <button type="button" class="mh" aria-expanded={open} onClick={() => act.expand(m.id)}>
          <i class="cv" aria-hidden="true" />{m.title}
        </button>
      </H>
      <p class="mi">
        <span class="bd">{status}</span>
        {line && <span>{line}</span>}
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
