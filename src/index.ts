export { createMilepost } from './milepost'
export type {
  EscalationContext, JourneyFile, Milepost, MilepostAccount, MilepostEvents, MilepostOptions, MilepostState, MilepostUser, NudgeRequest, TraitsInput, UiEvent,
} from './runtime/api'
export type { TourRequest } from './runtime/tour-events'
export type { ErrorKind, MilepostError } from './runtime/emitter'
export type { PreviewOptions } from './runtime/preview'
export type { Persistence } from './adapters/storage'
export type {
  Issue, Journey, JourneyState, MilestoneState, MilestoneStatus, NudgeState, EscalationState, StageState, StepState,
  Traits, TraitValue, Colour, Nudge, NudgeCard, Tooltip, Tour, TourState, TourStep,
} from './core/index'
