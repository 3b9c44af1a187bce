export { validateJourney } from './validate'
export { ACCOUNT_TRAIT, accountMilestone, accountScoped, accountStart, scopeOf, withAccountTraits } from './account'
export type { ScopedEvent } from './account'
export { emptyProgress, applyEvent, foldEvents, sanitizeProgress } from './progress'
export { mergeProgress } from './merge'
export { evaluate } from './evaluate'
export { DELEGATED, DISMISSED, handedTo } from './delegation'
export { journeyStart, startTrait } from './start'
export { signalMilestone } from './signals/index'
export { required, resolved } from './milestone'
export { AT_RISK_SHARE, statusAt } from './colour-times'
export { calendarDays, dayNumber, daysToDue, startOfDay } from './time'
export { escalationEventId, escalationKey, escalationLevel } from './escalation'
export { nextChange } from './next-change'
export type { NextChangeOptions } from './next-change'
export { matchesAudience } from './audience'
export { matchUrl } from './glob'
export { collectTriggers } from './triggers'
export { toursOf } from './tours'
export { heldBy, tourMove, tourMoves } from './tour-moves'
export type { TourDraft, TourFact } from './tour-moves'
export type { Triggers } from './triggers'
export { LIMITS, DAY } from './limits'
export type {
  AccountContext, Scope, Audience, Colour, ColourTimes, Completion, Cta, Due, Escalation, EscalationState, EvaluateOptions, EventBase,
  Hit, Issue, Journey, JourneyState, Milestone, MilestoneState, MilestoneStatus, Nudge, NudgeAction,
  NudgeCard, NudgeRecord, NudgeState, Placement, Progress, ProgressEvent, ProgressEventType,
  Resource, ResourceKind, Severity, Signal, SignalKind, Stage, StageState, Step, StepRecord,
  StepState, Tooltip, Tour, TourAction, TourRecord, TourState, TourStep, TraitCondition, Traits, TraitValue, ValidationResult,
} from './types'
