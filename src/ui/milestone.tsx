// A milestone: status as colour and words with why, due text, its bar, and its steps.
import type { MilestoneState } from '../core/types'
import { Bar } from './bars'
import type { Ctx } from './context'
import { StepRow } from './step'
import { fill } from './strings'

/** "Due in 3 days", "Due tomorrow", "2 days overdue", "Overdue since today" (past its due, whatever the status), or nothing. */
const dueText = (m: MilestoneState, now: number, { s, f }: Ctx): string =>
  m.done || m.daysLeft === null ? '' : m.daysLeft < 0
    ? fill(s.overdueBy, { days: f.days(-m.daysLeft) })
    : now > m.dueAt! ? s.overdueToday : fill(s.due, { when: f.rel(m.daysLeft) })

/**
 * Why a milestone has its status, in the UI's strings (the engine's `reason` is English): what it
 * waits for, how far an amber one is, since when a red one is late. Empty when the chip says it all.
 */
const why = (m: MilestoneState, all: readonly MilestoneState[], now: number, { s, f }: Ctx): string => {
  const title = (id: string) => all.find((x) => x.id === id)?.title ?? id
  if (m.waitingFor) return fill(s.startsAfter, { title: title(m.waitingFor) })
  if (m.status == 'at-risk') return m.percent ? fill(s.percentDone, { percent: m.percent }, f) : s.notStarted
  if (m.status == 'overdue') return m.daysLeft! < 0 ? fill(s.overdueBy, { days: f.days(-m.daysLeft!) }) : s.overdueToday
  if (m.status != 'blocked') return ''
  // The engine's pick: the first open dependency that is red, or any open one once this is late.
  const late = m.dueAt != null && now > m.dueAt
  const d = all.find((x) => m.dependsOn.includes(x.id) && !x.done && (x.colour == 'red' || late))
  return !d ? '' : d.colour == 'red' ? fill(s.waitsForLate, { title: d.title, status: (s[d.status] ?? d.status).toLowerCase() }) : fill(s.waitsFor, { title: d.title })
}

/**
 * One short line beside the chip: why it has its status, then when it is due unless that says
 * when already: "Not started · Due tomorrow", "Starts after “Connect your data” · Due in 5 days",
 * "2 days overdue". Nothing when done.
 */
const lineOf = (m: MilestoneState, all: readonly MilestoneState[], now: number, ctx: Ctx): string => {
  const reason = why(m, all, now, ctx)
  const due = m.status == 'overdue' ? '' : dueText(m, now, ctx)
  return reason && due ? `${reason} · ${due}` : reason || due
}

/** `H` is the heading level: h4 under a stage heading, h3 without stages. */
export const MilestoneItem = ({ m, all, now, ctx, H }: { m: MilestoneState; all: readonly MilestoneState[]; now: number; ctx: Ctx; H: 'h3' | 'h4' }) => {
  const { s, act, view } = ctx
  const open = view.expanded[m.id]
  // Waiting on an on-time dependency: the engine keeps it `on-track`; it reads as waiting, not green.
  const status = m.waitingFor ? s.waiting : s[m.status] ?? m.status
  // The milestone's current step (its first open one) is the only one showing its actions.
  const current = m.steps.find((st) => !st.done && !st.skipped)?.id
  const line = lineOf(m, all, now, ctx)
  return (
    <li class={`m ${m.waitingFor ? 'wt' : m.colour}`}>
      <H>
        {/* Its status and line described on the toggle a keyboard user lands on (bb-r32 a11y run: they were loose text after it). */}
        <button type="button" class="mh" aria-expanded={open} aria-describedby={`mp-mi-${m.id}`} onClick={() => act.expand(m.id)}>
          <i class="cv" aria-hidden="true" />{m.title}
        </button>
      </H>
      <p class="mi" id={`mp-mi-${m.id}`}>
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
