import { LIMITS } from './limits'
import type { Journey, ValidationResult } from './types'
import { checkGraph } from './validate-graph'
import { type Ctx, issue } from './validate-read'
import { journey } from './validate-spec'

/**
 * Checks a journey file and reports every problem at once; never throws, whatever it is given.
 * `journey` is present when there is no error: a clean copy holding only the known fields, as
 * written (defaults are not filled in). Unknown fields are warnings.
 * Paths: `milestones[1].steps[0].completeWhen.event`, `audience["odd key"]`; the root is `""`.
 *
 * @example
 * const { journey, issues } = validateJourney(JSON.parse(text))
 * for (const i of issues) console.log(`${i.severity} ${i.path}: ${i.message}`)
 */
export const validateJourney = (input: unknown): ValidationResult => {
  const x: Ctx = { i: [], ids: {}, refs: [] }
  let j: Partial<Journey> | undefined
  try {
    j = journey(input, '', x, 0) as Partial<Journey> | undefined
    // Counting distinct step ids is enough: more steps than that means duplicate or bad ids, errors already.
    if (x.ids.step?.size! > LIMITS.steps) issue(x, 'milestones', `expected at most ${LIMITS.steps} steps in all`)
    checkGraph(j?.milestones, x)
  } catch {
    // Only objects built in JS get here (a getter that throws, a revoked Proxy): report, never throw.
    issue(x, '', 'unreadable value')
  }
  return x.i.some((i) => i.severity == 'error') ? { issues: x.i } : { journey: j as Journey, issues: x.i }
}
