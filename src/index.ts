export { createMilepost } from './milepost'
export type { EscalationContext, JourneyFile, Milepost, MilepostAccount, MilepostEvents, MilepostOptions, MilepostState, MilepostUser, TraitsInput } from './runtime/api'
export type { ErrorKind, MilepostError } from './runtime/emitter'
export type { PreviewOptions } from './runtime/preview'
export type { Persistence } from './adapters/storage'
export type {
  Issue, Journey, JourneyState, MilestoneState, MilestoneStatus, NudgeState, EscalationState, StageState, StepState,
  Traits, TraitValue, Colour,
} from './core/index'
