// Hand-made snapshots, for tests that need a status the core would not give on its own (layout,
// colours). Prefer `stateOf(journey, events, now)` from ../builders: the core evaluates it, so the
// UI and the core cannot disagree unseen. Counts here still come from the core's own helpers.
import { required, resolved } from '../../src/core/milestone'
import type { MilestoneState, NudgeState, StepState } from '../../src/core/types'
import type { UiState } from '../../src/ui/instance'
import { aMilestone, aNudge, aStep, dayAt, T0 } from '../builders'

export const NOW = dayAt(2)

export const aStepState = (over: Partial<StepState> = {}): StepState => {
  const step = over.step ?? aStep({ id: over.id ?? 'step-1', title: over.title ?? 'A step' })
  return {
    id: step.id, title: step.title, done: false, doneAt: null, skipped: false, optional: false, handedTo: null,
    manual: !step.completeWhen || 'manual' in step.completeWhen, step, ...over,
  }
}

export const aMilestoneState = (over: Partial<MilestoneState> = {}): MilestoneState => {
  const steps = over.steps ?? [aStepState()]
  const counted = required(steps)
  return {
    id: 'm1', title: 'A milestone', stage: null, status: 'on-track', colour: 'green', reason: '',
    percent: 0, requiredSteps: counted.length, resolvedSteps: counted.filter(resolved).length,
    waitingFor: null, startsAt: T0, colourTimes: { amberFrom: null, overdueFrom: null, blockedFrom: null, redFrom: null }, cause: null,
    done: false, doneAt: null, dueAt: null, daysLeft: null, dependsOn: [], projectedAt: null,
    steps, milestone: aMilestone({ id: over.id ?? 'm1', title: over.title ?? 'A milestone', steps: steps.map((s) => s.step) }),
    ...over,
  }
}

export const aNudgeState = (over: Partial<NudgeState> = {}): NudgeState => ({
  id: over.nudge?.id ?? 'n1', milestone: 'm1', since: T0, level: 0, escalations: [], show: true, nudge: aNudge(), ...over,
})

export const aState = (over: Partial<UiState> = {}): UiState => ({
  ready: true, journeyId: 'acme-onboarding', title: 'Get started with Acme', now: NOW, startedAt: T0, day: 2,
  percent: 0, done: false, doneAt: null, plannedFinish: null, projectedFinish: null, slipDays: 0,
  status: 'on-track', colour: 'green', behind: [], headline: 'On track',
  stages: [], milestones: [aMilestoneState()], nudges: [], next: null, tours: [], tour: null, dismissed: false, ...over,
})
