// The checklist panel: journey title, overall bar, projected finish, milestones grouped by stage.
import type { MilestoneState } from '../core/types'
import { lastMoment } from '../core/time'
import { AskFirst } from './ask-first'
import { Bar } from './bars'
import type { Ctx } from './context'
import type { UiState } from './instance'
import { MilestoneItem } from './milestone'
import { NudgeCard } from './nudge'
import { fill } from './strings'

/**
 * "On track to finish by 3 Dec" only when the core says the journey is on track (no milestone amber
 * or red); else "2 days behind: now finishing 5 Dec" ("2 days behind so far" when nothing projects a
 * finish later than now), or, when the slip has not moved the finish
 * yet, what is behind at its cause ("Behind: “Connect your data” is at risk", the core's
 * `headline` in the UI's strings); "All done"; or nothing.
 */
const projection = (st: UiState, { s, f }: Ctx): string => {
  // The day a finish ends, as the engine counts `slipDays` and `daysLeft`: a due at midnight is the day before's.
  const date = (t: number) => f.date(lastMoment(t))
  if (st.done) return s.allDone
  // A finish projected at now is one with no pace to go on (what is late is untouched): "now finishing
  // today" would be a promise, and tomorrow it moves again. (bb-r28: 0 of 6 done on day 10.)
  if (st.slipDays > 0) {
    return st.projectedFinish != null && st.projectedFinish <= st.now ? fill(s.behindSoFar, { days: f.days(st.slipDays) })
      : fill(s.behind, { days: f.days(st.slipDays), date: date(st.projectedFinish ?? st.plannedFinish!) })
  }
  const c = st.status === 'behind' && st.milestones.find((m) => m.id === st.behind[0])
  if (c) {
    const what = c.status == 'at-risk' ? s.isAtRisk : c.status == 'blocked' ? s.isLate
      : c.daysLeft! < 0 ? fill(s.isOverdue, { days: f.days(-c.daysLeft!) }) : s.isOverdueToday
    return fill(st.behind.length > 1 ? s.behindMore : s.behindOne, { title: c.title, what, more: st.behind.length - 1 }, f)
  }
  return st.plannedFinish === null ? '' : fill(s.onTrack, { date: date(st.plannedFinish) })
}

/** Stages in journey order with their milestones; milestones without a known stage last, untitled. */
const groups = (st: UiState) => {
  const byId = new Map(st.milestones.map((m) => [m.id, m]))
  const out = (st.stages ?? []).map((g) => ({
    id: g.id, title: g.title, ms: g.milestones.flatMap((id) => byId.get(id) ?? []),
  }))
  const placed = new Set(out.flatMap((g) => g.ms))
  out.push({ id: '', title: '', ms: st.milestones.filter((m) => !placed.has(m)) })
  return out.filter((g) => g.ms.length)
}

export const Panel = ({ state, ctx }: { state: UiState; ctx: Ctx }) => {
  const { s, act, view } = ctx
  const projected = projection(state, ctx)
  const list = (ms: MilestoneState[], H: 'h3' | 'h4') => (
    <ul class="ms">{ms.map((m) => <MilestoneItem key={m.id} m={m} all={state.milestones} now={state.now} ctx={ctx} H={H} />)}</ul>
  )
  return (
    <section id="mp-p" class="pn" role="dialog" aria-labelledby="mp-t" tabIndex={-1}>
      <div class="hd">
        <h2 id="mp-t">{state.title}</h2>
        <button type="button" class="x" aria-label={s.close} onClick={() => act.toggle(false)}>×</button>
      </div>
      {state.preview && <p class="pj pv">{fill(s.preview, { day: state.day }, ctx.f)}</p>}
      <Bar value={state.percent} label={s.progress} />
      {/* A journey finished late is done: "All done" is not said in the colour of a slip. */}
      {/* In the journey's colour: amber predicts red, red is late. */}
      {projected && <p class={!state.done && (state.status === 'behind' || state.slipDays > 0) ? 'pj ' + state.colour : 'pj'}>{projected}</p>}
      {view.nudge && <NudgeCard n={view.nudge} ctx={ctx} H="h3" />}
      {groups(state).map((g) => (g.title
        ? <section key={g.id} class="gp" aria-labelledby={`mp-g-${g.id}`}><h3 id={`mp-g-${g.id}`}>{g.title}</h3>{list(g.ms, 'h4')}</section>
        : <div key="_">{list(g.ms, 'h3')}</div>))}
      {!state.done && !state.dismissed && (
        <div class="ac"><AskFirst ctx={ctx} mark="" label={s.hide} question={s.hideSure} yes={s.hideYes} onYes={act.hide} /></div>
      )}
    </section>
  )
}
