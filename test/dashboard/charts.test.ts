// @vitest-environment happy-dom
// The dashboard's charts render the numbers they are given: bars sized by them, the numbers in
// words, an accessible name and description on each SVG, and a table with the same numbers.
import { h, render } from 'preact'
import type { ComponentChild } from 'preact'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { AtRiskList, RISK_VIEW } from '../../src/dashboard/at-risk'
import { EscalationLog } from '../../src/dashboard/escalations'
import { FunnelChart } from '../../src/dashboard/funnel'
import { MilestoneChart, MilestoneTable } from '../../src/dashboard/milestones'
import { NudgeChart } from '../../src/dashboard/nudges'
import { AccountList, ACCOUNT_VIEW } from '../../src/dashboard/accounts'
import { OutcomeCards, RetentionTable } from '../../src/dashboard/outcomes'
import { SummaryCards } from '../../src/dashboard/summary'
import { SurveyChart, SurveyTable } from '../../src/dashboard/survey'
import {
  accountsAnswer, atRiskAnswer, escalationsAnswer, funnelAnswer, milestonesAnswer, nudgesAnswer, outcomesAnswer, summaryAnswer, surveyAnswer,
} from './answers'

const show = (vnode: ComponentChild) => {
  const root = document.createElement('div')
  document.body.append(root)
  render(vnode, root)
  return root
}
afterEach(() => document.body.replaceChildren())

const words = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim()
/** The accessible name and description of an SVG chart, from its aria-labelledby. */
const named = (svg: SVGElement) => {
  const [t, d] = svg.getAttribute('aria-labelledby')!.split(' ').map((id) => words(svg.ownerDocument.getElementById(id)))
  return { role: svg.getAttribute('role'), name: t, desc: d }
}
const rows = (table: Element) => [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((td) => words(td)))

describe('funnel chart', () => {
  const root = () => show(h(FunnelChart, { segment: funnelAnswer.segments[0]!, by: null }))

  it('is an image named for the funnel, described with every step’s numbers', () => {
    const { role, name, desc } = named(root().querySelector('svg')!)
    expect(role).toBe('img')
    expect(name).toBe('Funnel, Every milestone')
    expect(desc).toContain('4 users.')
    expect(desc).toContain('Add a source: 3 reached, 2 completed, 1 dropped off.')
  })

  it('sizes each completed bar by its count against the most reached (4 → the full 290 units)', () => {
    const widths = [...root().querySelectorAll('svg .bar')].map((r) => Number(r.getAttribute('width')))
    expect(widths).toEqual([3, 2, 2, 1, 1].map((n) => (n / 4) * 290))
    const backs = [...root().querySelectorAll('svg .back')].map((r) => Number(r.getAttribute('width')))
    expect(backs).toEqual([4, 3, 2, 2, 2].map((n) => (n / 4) * 290))
  })

  it('has the same numbers in its table', () => {
    expect(rows(root().querySelector('table')!)).toEqual([
      ['Open sources', '4', '3', '1', '75%'], ['Add a source', '3', '2', '1', '67%'], ['Create a report', '2', '2', '0', '100%'],
      ['Add a logo (optional)', '2', '1', '1', '50%'], ['Invite a teammate', '2', '1', '1', '50%'],
    ])
  })

  it('names the segment and the audience when split: "plan: starter · Without “First report”"', () => {
    const el = show(h(FunnelChart, { segment: { ...funnelAnswer.segments[1]!, value: 'starter' }, by: 'plan' }))
    expect(words(el.querySelector('figcaption'))).toMatch(/^plan: starter · Without “First report” · 2 users/)
    expect(rows(el.querySelector('table')!).map((r) => r[0])).toEqual(['Open sources', 'Add a source', 'Invite a teammate'])
  })

  it('says "1 user", not "1 users" (bb-r32: a tenant with one user)', () => {
    const el = show(h(FunnelChart, { segment: { ...funnelAnswer.segments[0]!, users: 1 }, by: null }))
    expect(words(el.querySelector('figcaption'))).toMatch(/^Every milestone · 1 user( ·|$)/)
    expect(el.textContent).not.toMatch(/\b1 users\b/)
  })
})

describe('time to milestone chart', () => {
  const connect = milestonesAnswer.milestones[0]!

  it('draws a bar per day, tallest for the most users, and the due line at day 3', () => {
    const el = show(h(MilestoneChart, { m: connect }))
    const bars = [...el.querySelectorAll('svg rect.bar')]
    expect(bars).toHaveLength(8)
    expect(bars.map((b) => Math.round(Number(b.getAttribute('height'))))).toEqual([0, 102, 51, 0, 0, 0, 0, 0])
    const due = el.querySelector('.due line')!
    const day0 = Number(bars[0]!.getAttribute('x')) - 1
    const width = (Number(bars[1]!.getAttribute('x')) - Number(bars[0]!.getAttribute('x')))
    expect(Number(due.getAttribute('x1'))).toBeCloseTo(day0 + 3 * width)
    expect([...el.querySelectorAll('.mark text')].map((t) => t.textContent)).toEqual(['median', 'p75', 'p90'])
  })

  it('says the figures in its description and caption', () => {
    const el = show(h(MilestoneChart, { m: connect }))
    const { name, desc } = named(el.querySelector('svg')!)
    expect(name).toBe('Time to “Connect your data”')
    expect(desc).toContain('3 of 6 users done (50%), 3 by the due. Days to done: median 1.0 d, p75 1.5 d, p90 1.8 d; due on day 3.')
    expect(desc).toContain('day 1: 2, day 2: 1')
    expect(words(el.querySelector('figcaption'))).toBe('Connect your data · 50% done (3 of 6) · median 1.0 d · due day 3')
  })

  it('has a table with completion, the due day and the spread', () => {
    const el = show(h(MilestoneTable, { ms: milestonesAnswer.milestones }))
    expect(rows(el.querySelector('table')!)).toEqual([
      ['Connect your data', '3', '6', '3', '50%', '3', '1.0 d', '1.5 d', '1.8 d'],
      ['First report', '7', '4', '2', '50%', '2', '4.0 d', '5.0 d', '5.6 d'],
      ['Share with the team', '10', '6', '2', '33%', '2', '3.5 d', '3.8 d', '3.9 d'],
    ])
  })
})

describe('nudge chart', () => {
  it('shows reach as counts and outcomes as shares, nudged against not nudged', () => {
    const el = show(h(NudgeChart, { n: nudgesAnswer.nudges[0]!, goal: 'First report' }))
    expect([...el.querySelectorAll('.value')].map((t) => t.textContent)).toEqual(['4', '2', '1', '0', '50% of 2', '50% of 2', '50% of 2'])
    const { name, desc } = named(el.querySelector('svg')!)
    expect(name).toBe('Nudge “Need a hand with your report?”')
    expect(desc).toContain('Goal (First report) reached by 50% of the nudged, 1.0 d after the nudge (median), and by 50% of the users not nudged.')
  })
})

describe('summary cards', () => {
  it('show users, journeys done, time to first value and users at risk', () => {
    const el = show(h(SummaryCards, { s: summaryAnswer }))
    expect([...el.querySelectorAll('.card')].map((c) => [words(c.querySelector('dt')), words(c.querySelector('dd'))])).toEqual([
      ['Users', '6 5 active in the last 7 days'], ['Journey done', '33% 2 of 6 users'],
      ['Time to first value', '1.0 d median; p75 1.5 d, p90 1.8 d (3 users)'], ['Users at risk', '4 3 with a red milestone (overdue or blocked), 1 amber only'],
    ])
  })
})

describe('users at risk', () => {
  const list = (set = vi.fn(), answer = atRiskAnswer) =>
    ({ el: show(h(AtRiskList, { a: answer, view: RISK_VIEW, set, milestones: milestonesAnswer.milestones, columns: ['accountValue'] })), set })

  it('lists each user with the milestones that cause a slip: status in words, reason, what it blocks, days overdue, escalation', async () => {
    const { el } = list()
    expect(rows(el.querySelector('table')!)).toEqual([
      ['u3', 'Connect your data', 'Overdue', '6 days overdue · blocks First report', '6', 'level 2', '2 days ago', '1,000'],
      ['u2', 'Share with the team', 'At risk', 'At risk: not started, due tomorrow', '0', '—', '3 days ago', '20,000'],
    ])
    expect(el.querySelectorAll('tbody.user')).toHaveLength(2)
    expect(el.querySelector('tbody th')!.getAttribute('rowspan')).toBe('1')
    expect(words(el.querySelector('caption'))).toBe('2 users at risk, 1–2 shown')
  })

  it('sorts by a column from its header button, the same column again flips the order', () => {
    const { el, set } = list()
    const header = (label: string) => [...el.querySelectorAll('th button')].find((b) => words(b).startsWith(label)) as HTMLButtonElement
    expect(header('Status').closest('th')!.getAttribute('aria-sort')).toBe('descending')
    header('Days overdue').click()
    expect(set).toHaveBeenLastCalledWith(expect.objectContaining({ sort: 'daysOverdue', dir: 'desc', offset: 0 }))
    header('Status').click()
    expect(set).toHaveBeenLastCalledWith(expect.objectContaining({ sort: 'severity', dir: 'asc' }))
    header('accountValue').click()
    expect(set).toHaveBeenLastCalledWith(expect.objectContaining({ sort: 'trait:accountValue' }))
  })

  it('renders text from the data as text, never as HTML', () => {
    const evil = '<img src=x onerror="window.hacked=1">'
    const row = atRiskAnswer.rows[0]!
    const { el } = list(vi.fn(), { ...atRiskAnswer, rows: [{ ...row, userId: evil, traits: { accountValue: evil }, milestones: [{ ...row.milestones[0]!, title: evil, reason: evil }] }] })
    expect(el.querySelector('img')).toBeNull()
    expect(rows(el.querySelector('table')!)[0]).toEqual([evil, evil, 'Overdue', `${evil} · blocks First report`, '6', 'level 2', '2 days ago', evil])
  })
})

describe('escalation log', () => {
  it('lists when, who, the milestone, level, whom it notifies and the delivery state', () => {
    const el = show(h(EscalationLog, { a: escalationsAnswer, kind: 'escalation', columns: ['plan'] }))
    expect(rows(el.querySelector('table')!)).toEqual([['2026-11-08 09:00 UTC', 'u3', 'Connect your data (for First report)', '2', 'leadership', 'Waiting', 'pro']])
    expect(words(el.querySelector('caption'))).toBe('1 escalation, newest first')
  })
})

describe('the accounts worklist', () => {
  const title = (id: string) => ({ connect: 'Connect your data', report: 'First report', share: 'Share with the team' })[id] ?? id
  const list = (set = vi.fn()) => ({ root: show(h(AccountList, { a: accountsAnswer, view: ACCOUNT_VIEW, set, title })), set })

  it('lists the accounts in the rank given, each with its colour, the milestone that caused it and its reason', () => {
    const { root } = list()
    const cards = [...root.querySelectorAll('ol.accounts > li')]
    expect(cards.map((c) => words(c.querySelector('h3')))).toEqual(['1. Acme · acme', '2. Globex · globex', '3. <b>Hooli</b> · hooli'])
    expect(cards.map((c) => c.className)).toEqual(['account red', 'account red', 'account amber'])
    expect(words(cards[0]!.querySelector('.cause'))).toBe('Connect your data: 6 days overdue · blocks First report, Share with the team · Overdue for 1 member')
    expect(words(cards[2]!.querySelector('.cause'))).toBe('Share with the team: At risk: not started, due tomorrow · At risk for 1 member')
    expect(words(root.querySelector('[role=status]'))).toBe('3 accounts at risk, 1–3 shown, ranked by value × days late · as of 2026-11-10 12:00 UTC')
  })

  it('shows value, days late, escalation level and last activity', () => {
    const facts = [...list().root.querySelectorAll('.facts')].map((f) => [...f.querySelectorAll('div')].map((d) => `${words(d.children[0]!)}: ${words(d.children[1]!)}`))
    expect(facts).toEqual([
      ['Value: 20,000', 'Days late: 6', 'Escalation: level 2', 'Last activity: yesterday'],
      ['Value: 1,000', 'Days late: 6', 'Escalation: none yet', 'Last activity: today'],
      ['Value: 500,000', 'Days late: 0', 'Escalation: none yet', 'Last activity: 3 days ago'],
    ])
  })

  // bb-r31: three members' escalations read as three identical lines; a member's now names them (the account's own ladder does not).
  it('says what changed since yesterday, or that nothing did', () => {
    const changes = [...list().root.querySelectorAll('.changes')].map((c) => [...c.querySelectorAll('li')].map((li) => words(li)))
    expect(changes).toEqual([
      ['Escalated: level 2 → leadership about First report (u3)', 'Escalated: level 1 → csm about First report'],
      ['Done: Connect your data', 'Steps done: Add a source (u6)', '1 event from 1 member'],
      [],
    ])
    expect(words(list().root.querySelectorAll('.changes')[2]!.querySelector('p'))).toBe('Nothing new since yesterday.')
  })

  // bb-r31: a member with no required step left read "On track · All done"; their status is Done.
  it('lists the members with their status, open step and last activity; text stays text', () => {
    const { root } = list()
    const first = root.querySelector('ol.accounts > li details')!
    expect(words(first.querySelector('summary'))).toBe('2 members')
    expect(rows(first.querySelector('table')!)).toEqual([['u3', 'Red', 'Add a source', '2 days ago'], ['u1', 'Done', 'All done', 'yesterday']])
    expect(root.querySelector('b')).toBeNull()
  })

  it('filters by colour from the first page', () => {
    const { root, set } = list()
    const select = root.querySelector<HTMLSelectElement>('select')!
    select.value = 'red'
    select.dispatchEvent(new Event('change'))
    expect(set).toHaveBeenCalledWith({ colour: 'red', offset: 0 })
  })
})

describe('survey answers', () => {
  it('draws a bar per score, named and described with the count, average and spread', () => {
    const root = show(h(SurveyChart, { s: surveyAnswer.survey[0]! }))
    const { name, desc } = named(root.querySelector('svg')!)
    expect(name).toBe('Survey answers, Connect your data')
    expect(desc).toBe('4 answers, average 3.5, standard deviation 1.1. 1: 0, 2: 1, 3: 1, 4: 1, 5: 1.')
    // Bars from 5 down to 1, against the most common score (1 → the full 320 units).
    expect([...root.querySelectorAll('svg .bar')].map((r) => Number(r.getAttribute('width')))).toEqual([320, 320, 320, 320, 0])
  })

  it('has a table of every milestone, answered or not', () => {
    const root = show(h(SurveyTable, { ss: surveyAnswer.survey }))
    expect(rows(root.querySelector('table')!)).toEqual([
      ['Connect your data', '4', '3.5', '1.1', '0', '1', '1', '1', '1'],
      ['First report', '0', '—', '—', '0', '0', '0', '0', '0'],
      ['Share with the team', '1', '4.0', '0.0', '0', '0', '0', '1', '0'],
    ])
  })
})

describe('outcomes', () => {
  it('shows the completion of nudged users against the never nudged, and nudge to done', () => {
    const root = show(h(OutcomeCards, { o: outcomesAnswer }))
    expect([...root.querySelectorAll('.card')].map((c) => `${words(c.querySelector('dt'))}: ${words(c.querySelector('dd'))}`)).toEqual([
      'Journey done, nudged users: 25% 1 of 4 users shown a nudge',
      'Journey done, never nudged: 50% 1 of 2 users',
      'From first nudge to done: 1.5 d median; p75 1.5 d, p90 1.5 d (1 user)',
    ])
  })

  it('has retention after each milestone, "—" where nobody is old enough to tell', () => {
    const root = show(h(RetentionTable, { o: outcomesAnswer }))
    expect(rows(root.querySelector('table')!)).toEqual([
      ['Connect your data', '50% of 2', '—'], ['First report', '0% of 1', '—'], ['Share with the team', '—', '—'],
    ])
  })
})
