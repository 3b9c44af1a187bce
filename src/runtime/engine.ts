// The engine as the runtime uses it: the pure functions that read a state from a journey and a
// document. npm builds import it as it is; the script tag loads it as a file of its own,
// dist/milepost-engine.min.js (engine.lazy.ts), and starts a page whose state is quiet without it.
import { accountScoped } from '../core/account'
import { evaluate } from '../core/evaluate'
import { watchesPage } from '../core/triggers'
import type { EvaluateOptions, Journey, JourneyState, Progress } from '../core/types'
import { consequences } from './escalation'
import { diffStates } from './lifecycle'

export const engine: {
  evaluate: typeof evaluate
  watchesPage: typeof watchesPage
  diffStates: typeof diffStates
  consequences: typeof consequences
  /** Which document a nudge's or an escalation's event goes to (a step's is read without the engine: runtime/apply.ts). */
  accountScoped: typeof accountScoped
  /** Remembers a quiet state for the next page: the script tag's engine file only. */
  remember?: (inputs: QuietInputs, state: JourneyState) => void
} = { evaluate, watchesPage, diffStates, consequences, accountScoped }
export type Engine = typeof engine

/** The engine, when it is here: always in npm builds; once its file has loaded for the script tag. */
export const engineNow = (): Engine | undefined => engine

/** Resolves with the engine (at once in npm builds). */
export const loadEngine = (): Promise<Engine> => Promise.resolve(engine)

/** What a state depends on: the engine's inputs, and the user they are for. */
export interface QuietInputs {
  journey: Journey
  progress: Progress
  options: EvaluateOptions
  userId: string
}

/** The remembered quiet state for these inputs at `now`: the script tag's (engine.lazy.ts); npm builds have the engine. */
export const quietState = (_: QuietInputs, _now: number): JourneyState | undefined => undefined
