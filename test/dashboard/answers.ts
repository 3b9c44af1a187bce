// The API's answers for the hand-worked data set (test/server/dashboard-fixture.ts), as the page receives them.
import type {
  AccountsAnswer, AtRiskAnswer, EscalationsAnswer, FunnelAnswer, MilestonesAnswer, NudgesAnswer, OutcomesAnswer, SegmentsAnswer, SummaryAnswer, SurveyAnswer,
} from '../../src/dashboard/types'
import { dayAt } from '../builders'
import { NOW } from '../server/dashboard-fixture'

const about = { journey: 'figures', now: NOW }
const step = (id: string, title: string, reached: number, completed: number, optional = false) =>
  ({ id, title, milestone: id[0] === 'c' ? 'connect' : id[0] === 'r' ? 'report' : 'share', optional, reached, completed, dropOff: reached - completed })

export const summaryAnswer: SummaryAnswer = {
  ...about, segments: ['plan'], columns: ['plan', 'accountValue'], users: 6, withoutFigures: 1, active7d: 5, done: 2, doneRate: 1 / 3,
  timeToFirstValue: { median: 1, p75: 1.5, p90: 1.8 }, firstValue: 3, timeToDone: { median: 3.5, p75: 3.75, p90: 3.9 },
  atRisk: { users: 4, redUsers: 3 },
}

export const funnelAnswer: FunnelAnswer = {
  ...about, by: null, segments: [
    { value: null, audience: { out: [], label: 'Every milestone' }, users: 4, steps: [
      step('c1', 'Open sources', 4, 3), step('c2', 'Add a source', 3, 2), step('r1', 'Create a report', 2, 2),
      step('r2', 'Add a logo', 2, 1, true), step('s1', 'Invite a teammate', 2, 1),
    ] },
    { value: null, audience: { out: ['r1', 'r2'], label: 'Without “First report”' }, users: 2, steps: [
      step('c1', 'Open sources', 2, 2), step('c2', 'Add a source', 2, 1), step('s1', 'Invite a teammate', 1, 1),
    ] },
  ],
}

export const milestonesAnswer: MilestonesAnswer = {
  ...about, milestones: [
    { id: 'connect', title: 'Connect your data', dueDay: 3, users: 6, done: 3, rate: 0.5, onTime: 3, took: { median: 1, p75: 1.5, p90: 1.8 }, histogram: [0, 2, 1, 0, 0, 0, 0, 0] },
    { id: 'report', title: 'First report', dueDay: 7, users: 4, done: 2, rate: 0.5, onTime: 2, took: { median: 4, p75: 5, p90: 5.6 }, histogram: [0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0] },
    { id: 'share', title: 'Share with the team', dueDay: 10, users: 6, done: 2, rate: 1 / 3, onTime: 2, took: { median: 3.5, p75: 3.75, p90: 3.9 }, histogram: [0, 0, 0, 1, 1, ...Array(16).fill(0)] },
  ],
}

export const nudgesAnswer: NudgesAnswer = {
  ...about, nudges: [
    { id: 'report-stalled', title: 'Need a hand with your report?', milestone: 'report', eligible: 4, shown: 2, clicked: 1, dismissed: 0,
      withNextStep: 2, nextStepDone: 1, nextStepRate: 0.5, daysFromNudgeToGoal: 1,
      nudged: { users: 2, goalDone: 1, goalRate: 0.5, daysToGoal: 6 }, notNudged: { users: 2, goalDone: 1, goalRate: 0.5, daysToGoal: 2 } },
    { id: 'welcome', title: 'Welcome aboard', milestone: null, eligible: 6, shown: 3, clicked: 0, dismissed: 1,
      withNextStep: 3, nextStepDone: 1, nextStepRate: 1 / 3, daysFromNudgeToGoal: 1.5,
      nudged: { users: 3, goalDone: 1, goalRate: 1 / 3, daysToGoal: 3 }, notNudged: { users: 3, goalDone: 1, goalRate: 1 / 3, daysToGoal: 4 } },
  ],
}

const ms = (id: string, title: string, status: 'at-risk' | 'overdue' | 'blocked', daysOverdue: number, reason: string, level = 0, blocks: string[] = []) =>
  ({ id, title, status, colour: status === 'at-risk' ? 'amber' as const : 'red' as const, reason, daysOverdue, dueAt: dayAt(3), percent: 0, level, blocks })

export const atRiskAnswer: AtRiskAnswer = {
  ...about, total: 2, offset: 0, rows: [
    { userId: 'u3', colour: 'red', daysOverdue: 6, lastSeen: dayAt(7), level: 2, traits: { plan: 'pro', accountValue: 1000 }, milestones: [
      ms('connect', 'Connect your data', 'overdue', 6, '6 days overdue', 2, ['report']),
    ] },
    { userId: 'u2', colour: 'amber', daysOverdue: 0, lastSeen: dayAt(6), level: 0, traits: { plan: 'pro', accountValue: 20000 }, milestones: [
      ms('share', 'Share with the team', 'at-risk', 0, 'At risk: not started, due tomorrow'),
    ] },
  ],
}

export const escalationsAnswer: EscalationsAnswer = {
  ...about, total: 1, offset: 0, rows: [{
    userId: 'u3', eventId: 'u3-e5', kind: 'escalation', at: dayAt(7), receivedAt: NOW, milestone: 'report', title: 'First report', cause: 'connect', causeTitle: 'Connect your data',
    nudge: 'report-stalled', level: 2, notify: 'leadership', step: null, to: null, note: null, delivery: 'pending', deliveredAt: null,
    attempts: 0, error: null, traits: { plan: 'pro', accountValue: 1000 },
  }],
}

export const segmentsAnswer: SegmentsAnswer = { ...about, segments: [{ trait: 'plan', values: [{ value: 'pro', users: 4 }, { value: 'starter', users: 2 }] }] }

const H = 3_600_000
const none = { events: 0, activeMembers: 0, stepsDone: [], milestonesDone: [], turnedRed: [], turnedAmber: [], escalations: [] }

/** As test/server/accounts.test.ts finds them (acme, globex, hooli). */
export const accountsAnswer: AccountsAnswer = {
  ...about, valueTrait: 'value', total: 3, offset: 0, rows: [
    { accountId: 'acme', name: 'Acme', value: 20000, colour: 'red', daysLate: 6, score: 120000, level: 2, members: 2, lastSeen: dayAt(8),
      cause: { ...ms('connect', 'Connect your data', 'overdue', 6, '6 days overdue', 2, ['report', 'share']), members: 1 },
      milestones: [{ ...ms('connect', 'Connect your data', 'overdue', 6, '6 days overdue', 2, ['report', 'share']), members: 1 }],
      changes: { ...none, escalations: [{ milestone: 'report', level: 2, notify: 'leadership', by: 'u3', at: NOW }, { milestone: 'report', level: 1, notify: 'csm', by: null, at: NOW }] },
      memberList: [
        { userId: 'u3', colour: 'red', lastSeen: dayAt(7), openStep: 'c2', openStepTitle: 'Add a source', level: 2 },
        { userId: 'u1', colour: null, lastSeen: dayAt(8), openStep: null, openStepTitle: null, level: 0 },
      ] },
    { accountId: 'globex', name: 'Globex', value: 1000, colour: 'red', daysLate: 6, score: 6000, level: 0, members: 2, lastSeen: NOW - 2 * H,
      cause: { ...ms('connect', 'Connect your data', 'overdue', 6, '6 days overdue', 0, ['report', 'share']), members: 1 },
      milestones: [{ ...ms('connect', 'Connect your data', 'overdue', 6, '6 days overdue', 0, ['report', 'share']), members: 1 }],
      changes: { ...none, events: 1, activeMembers: 1, stepsDone: [{ stepId: 'c2', title: 'Add a source', by: 'u6', at: NOW - 2 * H }], milestonesDone: ['connect'] },
      memberList: [
        { userId: 'u5', colour: 'red', lastSeen: dayAt(0), openStep: 'c1', openStepTitle: 'Open sources', level: 0 },
        { userId: 'u6', colour: null, lastSeen: NOW - 2 * H, openStep: 's1', openStepTitle: 'Invite a teammate', level: 0 },
      ] },
    { accountId: 'hooli', name: '<b>Hooli</b>', value: 500000, colour: 'amber', daysLate: 0, score: 0, level: 0, members: 1, lastSeen: dayAt(6),
      cause: { ...ms('share', 'Share with the team', 'at-risk', 0, 'At risk: not started, due tomorrow'), members: 1 },
      milestones: [{ ...ms('share', 'Share with the team', 'at-risk', 0, 'At risk: not started, due tomorrow'), members: 1 }],
      changes: none,
      memberList: [{ userId: 'u2', colour: 'amber', lastSeen: dayAt(6), openStep: 's1', openStepTitle: 'Invite a teammate', level: 0 }] },
  ],
}

export const surveyAnswer: SurveyAnswer = {
  ...about, survey: [
    { milestone: 'connect', title: 'Connect your data', answers: 4, average: 3.5, stdDev: Math.sqrt(5 / 4), distribution: [0, 1, 1, 1, 1] },
    { milestone: 'report', title: 'First report', answers: 0, average: null, stdDev: null, distribution: [0, 0, 0, 0, 0] },
    { milestone: 'share', title: 'Share with the team', answers: 1, average: 4, stdDev: 0, distribution: [0, 0, 0, 1, 0] },
  ],
}

const kept = (users7: number, kept7: number) => [
  { days: 7, users: users7, retained: kept7, rate: users7 ? kept7 / users7 : null }, { days: 28, users: 0, retained: 0, rate: null },
]
export const outcomesAnswer: OutcomesAnswer = {
  ...about,
  nudged: { users: 4, done: 1, rate: 0.25, doneAfterNudge: 1, nudgeToDone: { median: 1.5, p75: 1.5, p90: 1.5 } },
  notNudged: { users: 2, done: 1, rate: 0.5 },
  retention: [
    { milestone: 'connect', title: 'Connect your data', after: kept(2, 1) },
    { milestone: 'report', title: 'First report', after: kept(1, 0) },
    { milestone: 'share', title: 'Share with the team', after: kept(0, 0) },
  ],
}

export const ANSWERS: Record<string, unknown> = {
  accounts: accountsAnswer, survey: surveyAnswer, outcomes: outcomesAnswer,
  journeys: { journeys: [{ id: 'figures', title: 'Figures fixture' }] },
  summary: summaryAnswer, funnel: funnelAnswer, milestones: milestonesAnswer, nudges: nudgesAnswer,
  'at-risk': atRiskAnswer, escalations: escalationsAnswer, segments: segmentsAnswer,
}
