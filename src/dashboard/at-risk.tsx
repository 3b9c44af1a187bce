// Users at risk: each user with their amber and red milestones now (a row per milestone, the
// user's cells spanning them), sortable by the user's columns, filterable by colour, milestone and
// number traits (the segment filter above applies too), a page of users at a time.
import { ago, count, trait } from './format'
import type { AtRiskAnswer, AtRiskRow } from './types'

export interface RiskView {
  sort: string
  dir: 'asc' | 'desc'
  colour: '' | 'red' | 'amber'
  milestone: string
  /** Number traits: bounds as typed ('' when none). */
  min: Record<string, string>
  offset: number
}

export const RISK_VIEW: RiskView = { sort: 'severity', dir: 'desc', colour: '', milestone: '', min: {}, offset: 0 }
export const PAGE = 100

const STATUS: Record<AtRiskRow['milestones'][number]['status'], string> = { 'at-risk': 'At risk', overdue: 'Overdue', blocked: 'Blocked' }

/** The query-string pairs of a view. */
export const riskParams = (v: RiskView): Array<[string, string]> => [
  ['sort', v.sort], ['dir', v.dir], ['limit', String(PAGE)], ['offset', String(v.offset)],
  ...(v.colour ? [['colour', v.colour] as [string, string]] : []),
  ...(v.milestone ? [['milestone', v.milestone] as [string, string]] : []),
  ...Object.entries(v.min).filter(([, n]) => n.trim() !== '' && isFinite(Number(n))).map(([t, n]): [string, string] => ['min', `${t}:${n}`]),
]

export const AtRiskList = ({ a, view, set, milestones, columns }: {
  a: AtRiskAnswer
  view: RiskView
  set: (v: RiskView) => void
  milestones: ReadonlyArray<{ id: string; title: string }>
  columns: readonly string[]
}) => {
  const head = (label: string, sort: string, num = false) => {
    const on = view.sort === sort
    return (
      <th scope="col" class={num ? 'num' : undefined} aria-sort={on ? (view.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
        <button type="button" class="sort" onClick={() => set({ ...view, sort, offset: 0, dir: on && view.dir === 'desc' ? 'asc' : 'desc' })}>
          {label}<span aria-hidden="true">{on ? (view.dir === 'asc' ? ' ▲' : ' ▼') : ''}</span>
        </button>
      </th>
    )
  }
  const last = Math.min(a.total, view.offset + a.rows.length)
  return (
    <div>
      <form class="filters" aria-label="Filter the users at risk" onSubmit={(e) => e.preventDefault()}>
        <label>Colour <select value={view.colour} onChange={(e) => set({ ...view, colour: e.currentTarget.value as RiskView['colour'], offset: 0 })}>
          <option value="">Amber and red</option><option value="red">Red only</option><option value="amber">Amber only</option>
        </select></label>
        <label>Milestone <select value={view.milestone} onChange={(e) => set({ ...view, milestone: e.currentTarget.value, offset: 0 })}>
          <option value="">All</option>{milestones.map((m) => <option value={m.id}>{m.title}</option>)}
        </select></label>
        {columns.map((c) => (
          <label>{c} at least <input type="number" inputMode="decimal" value={view.min[c] ?? ''}
            onChange={(e) => set({ ...view, min: { ...view.min, [c]: e.currentTarget.value }, offset: 0 })} /></label>
        ))}
      </form>
      <div class="scroll" tabIndex={0} role="region" aria-label="Table of the users at risk">
        <table class="risk">
          <caption>{count(a.total)} user{a.total === 1 ? '' : 's'} at risk{a.total ? `, ${count(view.offset + 1)}–${count(last)} shown` : ''}</caption>
          <thead><tr>
            {head('User', 'user')}<th scope="col">Milestone</th>{head('Status', 'severity')}<th scope="col">Reason</th>
            {head('Days overdue', 'daysOverdue', true)}{head('Escalation', 'level', true)}{head('Last activity', 'lastSeen')}
            {columns.map((c) => head(c, `trait:${c}`))}
          </tr></thead>
          {a.rows.length ? a.rows.map((r) => (
            <tbody class="user">
              {r.milestones.map((m, i) => {
                const span = r.milestones.length
                return (
                  <tr>
                    {i === 0 ? <th scope="rowgroup" rowSpan={span} class="who">{r.userId}</th> : null}
                    <td>{m.title}</td>
                    <td><span class={`chip ${m.colour}`}>{STATUS[m.status]}</span></td>
                    <td>{m.reason}{m.blocks.length
                      ? <span class="blocks"> · blocks {m.blocks.map((id) => milestones.find((x) => x.id === id)?.title ?? id).join(', ')}</span> : null}</td>
                    <td class="num">{m.daysOverdue ?? '—'}</td>
                    <td class="num">{m.level ? `level ${m.level}` : '—'}</td>
                    {i === 0 ? <td rowSpan={span}>{ago(r.lastSeen, a.now)}</td> : null}
                    {i === 0 ? columns.map((c) => <td rowSpan={span}>{trait(r.traits[c])}</td>) : null}
                  </tr>
                )
              })}
            </tbody>
          )) : <tbody><tr><td colSpan={7 + columns.length}>Nobody is at risk with these filters.</td></tr></tbody>}
        </table>
      </div>
      <nav class="pager" aria-label="Pages of users at risk">
        <button type="button" disabled={view.offset === 0} onClick={() => set({ ...view, offset: Math.max(0, view.offset - PAGE) })}>Previous</button>
        <button type="button" disabled={last >= a.total} onClick={() => set({ ...view, offset: view.offset + PAGE })}>Next</button>
      </nav>
    </div>
  )
}
