// Snapshots for the browser tests and screenshots: a realistic journey in every status.
import { aMilestone, aNudge, aStep, dayAt } from '../builders'
import type { UiState } from '../../src/ui/instance'
import { aMilestoneState, aNudgeState, aState, aStepState, NOW } from '../ui/states'

const step = (id: string, title: string, over: Parameters<typeof aStep>[0] = {}, state: Parameters<typeof aStepState>[0] = {}) =>
  aStepState({ step: aStep({ id, title, ...over }), ...state })

/** Four milestones over two stages: done, at risk, overdue, blocked; a manual next step with a tooltip. */
export const demoState = (over: Partial<UiState> = {}): UiState => {
  const milestones = [
    aMilestoneState({
      id: 'setup', title: 'Workspace set up', stage: 'intro', status: 'done', colour: 'green', percent: 100, done: true, doneAt: dayAt(1),
      dueAt: dayAt(3), daysLeft: 1,
      steps: [step('profile', 'Complete your profile', {}, { done: true, doneAt: dayAt(0) }), step('logo', 'Upload your logo', {}, { skipped: true })],
    }),
    aMilestoneState({
      id: 'report', title: 'First report generated', stage: 'activation', status: 'at-risk', colour: 'amber', percent: 50,
      reason: 'half the time used, a third done', dueAt: dayAt(5), daysLeft: 3,
      steps: [
        step('connect', 'Connect your data', { completeWhen: { event: 'source:connected' } }, { done: true, doneAt: dayAt(1) }),
        step('chart', 'Pick a chart', {
          description: 'Bar, line or table: you can change it later.',
          tooltip: { target: '#reports', text: 'Start a new report here', placement: 'bottom' },
          cta: { label: 'Open reports', href: '/reports' },
          resources: [{ title: 'Two-minute tour', url: 'https://acme.test/tour', kind: 'video' }],
        }),
      ],
    }),
    aMilestoneState({
      id: 'team', title: 'Team invited', stage: 'activation', status: 'overdue', colour: 'red', percent: 0,
      reason: '2 days overdue', dueAt: dayAt(0), daysLeft: -2,
      steps: [step('invite', 'Invite two teammates', { cta: { label: 'Invite', action: 'open-invite' } })],
    }),
    aMilestoneState({
      id: 'share', title: 'Dashboard shared', stage: 'activation', status: 'blocked', colour: 'red', percent: 0,
      reason: 'waits for Team invited (overdue)', dueAt: dayAt(6), daysLeft: 4, dependsOn: ['team'],
      steps: [step('publish', 'Publish a dashboard', { completeWhen: { event: 'dashboard:published' } })],
    }),
  ].map((m) => ({ ...m, milestone: aMilestone({ id: m.id, title: m.title, steps: m.steps.map((s) => s.step) }) }))
  return aState({
    now: NOW, percent: 38, plannedFinish: dayAt(6), projectedFinish: dayAt(8), slipDays: 2,
    stages: [
      { id: 'intro', title: 'Introduction', percent: 100, milestones: ['setup'] },
      { id: 'activation', title: 'Activation', percent: 17, milestones: ['report', 'team', 'share'] },
    ],
    milestones, next: { milestone: 'report', step: 'chart' }, ...over,
  })
}

export const demoNudge = () => aNudgeState({
  nudge: aNudge({
    id: 'report-stalled',
    card: {
      title: 'Stuck on your first report?',
      body: 'Most teams get there in five minutes with a template.',
      goal: 'Your first report by day 5',
      resources: [{ title: 'Report templates', url: 'https://acme.test/templates', kind: 'guide' }],
      actions: [{ label: 'Use a template', href: '/reports/templates' }, { label: 'Book a call', action: 'book-call' }],
    },
  }),
})

/** Only manual steps: a journey that can be finished from the keyboard alone. */
export const manualState = (): UiState => aState({
  milestones: [
    aMilestoneState({ id: 'm1', title: 'Say hello', steps: [aStepState({ step: aStep({ id: 'a', title: 'Read the welcome note' }) }), aStepState({ step: aStep({ id: 'b', title: 'Set your timezone' }) })] }),
    aMilestoneState({ id: 'm2', title: 'Meet the team', steps: [aStepState({ step: aStep({ id: 'c', title: 'Say hi in chat' }) })] }),
  ],
  next: { milestone: 'm1', step: 'a' },
})
