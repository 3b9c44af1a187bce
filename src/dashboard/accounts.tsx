// The morning worklist: accounts with an amber or red milestone, worst first (value × days late),
// each with the milestone that caused it, the escalation level reached, what changed since
// yesterday and its members. A card per account, so it reads on a phone too.
import { ago, count, dateTime, plural, trait } from './format'
import { Table } from './table'
import type { AccountRow, AccountsAnswer } from './types'

export interface AccountView {
  colour: '' | 'red' | 'amber'
  offset: number
}

export const ACCOUNT_VIEW: AccountView = { colour: '', offset: 0 }
export const ACCOUNT_PAGE = 20

export const accountParams = (v: AccountView): Array<[string, string]> => [
  ['limit', String(ACCOUNT_PAGE)], ['offset', String(v.offset)], ...(v.colour ? [['colour', v.colour] as [string, string]] : []),
]

const STATUS = { 'at-risk': 'At risk', overdue: 'Overdue', blocked: 'Blocked' } as const

/** What changed in the last 24 hours, as short sentences (none: "Nothing new since yesterday"). */
export const changeLines = (r: AccountRow, title: (id: string) => string): string[] => {
  const c = r.changes
  const names = (ids: readonly string[]) => ids.map(title).join(', ')
  return [
    ...(c.turnedRed.length ? [`Turned red: ${names(c.turnedRed)}`] : []),
    ...(c.turnedAmber.length ? [`Turned amber: ${names(c.turnedAmber)}`] : []),
    ...c.escalations.map((e) => `Escalated: level ${e.level}${e.notify ? ` → ${e.notify}` : ''}${e.milestone ? ` about ${title(e.milestone)}` : ''}${e.by ? ` (${e.by})` : ''}`),
    ...(c.milestonesDone.length ? [`Done: ${names(c.milestonesDone)}`] : []),
    ...(c.stepsDone.length ? [`Steps done: ${c.stepsDone.map((s) => `${s.title} (${s.by})`).join(', ')}`] : []),
    ...(c.events ? [`${plural(c.events, 'event')} from ${plural(c.activeMembers, 'member')}`] : []),
  ]
}

const Account = ({ r, rank, now, title }: { r: AccountRow; rank: number; now: number; title: (id: string) => string }) => {
  const m = r.cause
  const changes = changeLines(r, title)
  const name = r.name ?? r.accountId
  return (
    <li class={`account ${r.colour}`} aria-labelledby={`acc-${rank}`}>
      <header>
        <h3 id={`acc-${rank}`}><span class="rank">{rank}.</span> {name}{r.name ? <span class="muted"> · {r.accountId}</span> : null}</h3>
        <span class={`chip ${r.colour}`}>{r.colour === 'red' ? 'Red' : 'Amber'}</span>
      </header>
      {m ? (
        <p class="cause">
          <strong>{m.title}</strong>: {m.reason}
          {m.blocks.length ? <span class="blocks"> · blocks {m.blocks.map(title).join(', ')}</span> : null}
          <span class="muted"> · {STATUS[m.status]} for {plural(m.members, 'member')}</span>
        </p>
      ) : null}
      {r.milestones.length > 1 ? (
        <p class="also muted">Also: {r.milestones.slice(1).map((x) => `${x.title} (${x.reason.toLowerCase()})`).join('; ')}</p>
      ) : null}
      <dl class="facts">
        <div><dt>Value</dt><dd>{trait(r.value)}</dd></div>
        <div><dt>Days late</dt><dd>{count(r.daysLate)}</dd></div>
        <div><dt>Escalation</dt><dd>{r.level ? `level ${r.level}` : 'none yet'}</dd></div>
        <div><dt>Last activity</dt><dd>{ago(r.lastSeen, now)}</dd></div>
      </dl>
      <div class="changes">
        <h4>Since yesterday</h4>
        {changes.length ? <ul>{changes.map((line) => <li>{line}</li>)}</ul> : <p class="muted">Nothing new since yesterday.</p>}
      </div>
      <details>
        <summary>{plural(r.members, 'member')}{r.memberList.length < r.members ? ` (${count(r.memberList.length)} shown)` : ''}</summary>
        <Table caption={`Members of ${name}`} rows={r.memberList} columns={[
          { label: 'User', cell: (p) => p.userId },
          { label: 'Status', cell: (p) => (p.colour ? <span class={`chip ${p.colour}`}>{p.colour === 'red' ? 'Red' : 'Amber'}</span> : p.openStep ? 'On track' : 'Done') },
          { label: 'Their open step', cell: (p) => p.openStepTitle ?? (p.openStep ? p.openStep : 'All done') },
          { label: 'Last activity', cell: (p) => ago(p.lastSeen, now) },
        ]} />
      </details>
    </li>
  )
}

export const AccountList = ({ a, view, set, title }: {
  a: AccountsAnswer
  view: AccountView
  set: (v: AccountView) => void
  title: (id: string) => string
}) => {
  const last = Math.min(a.total, view.offset + a.rows.length)
  return (
    <div>
      <form class="filters" aria-label="Filter the accounts" onSubmit={(e) => e.preventDefault()}>
        <label>Colour <select value={view.colour} onChange={(e) => set({ colour: e.currentTarget.value as AccountView['colour'], offset: 0 })}>
          <option value="">Amber and red</option><option value="red">Red only</option><option value="amber">Amber only</option>
        </select></label>
      </form>
      <p class="muted" role="status">
        {a.total ? `${plural(a.total, 'account')} at risk, ${count(view.offset + 1)}–${count(last)} shown, ranked by ${a.valueTrait} × days late · as of ${dateTime(a.now)}`
          : 'No account has an amber or red milestone with these filters.'}
      </p>
      <ol class="accounts" start={view.offset + 1}>
        {a.rows.map((r, i) => <Account r={r} rank={view.offset + i + 1} now={a.now} title={title} />)}
      </ol>
      {a.total > ACCOUNT_PAGE ? (
        <nav class="pager" aria-label="Pages of accounts">
          <button type="button" disabled={view.offset === 0} onClick={() => set({ ...view, offset: Math.max(0, view.offset - ACCOUNT_PAGE) })}>Previous</button>
          <button type="button" disabled={last >= a.total} onClick={() => set({ ...view, offset: view.offset + ACCOUNT_PAGE })}>Next</button>
        </nav>
      ) : null}
    </div>
  )
}
