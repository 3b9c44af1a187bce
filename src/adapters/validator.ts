// The script tag's validateJourney (rollup.config.mjs puts it in place of core/validate.ts in
// dist/milepost.min.js only): the validator is a file of its own, dist/milepost-validate.min.js,
// loaded from beside the script when a journey has not been validated in this browser by this
// build yet (without error: the last journey with warnings is remembered with them). A returning user's page (most of all one with nothing to show) then downloads the
// first file alone. npm builds and Node keep the synchronous validator.
import type { validateJourney as validate } from '../core/validate'
import type { Journey, ValidationResult } from '../core/types'
import { hash } from '../core/hash'
import { chunkBase, lazy } from './chunk'
import { KEY, seen } from './valid-memory'
import type { remember as keep } from './valid-memory'

declare const __MILEPOST_BUILD__: string

const base = chunkBase() // while the tag evaluates: document.currentScript is null afterwards

/**
 * The last journey validated with warnings only (an unknown field, say): `[key, answer]` under
 * `milepost:valid:w`, the answer being the validator's copy and its warnings. Undefined when
 * missing, unreadable or another journey's.
 */
const recall = (key: string): ValidationResult | undefined => {
  try {
    const [k, r] = JSON.parse(localStorage.getItem(KEY + ':w') ?? '') as [string, ValidationResult]
    return k === key && typeof r?.journey == 'object' && Array.isArray(r.issues) ? r : undefined
  } catch {
    return undefined
  }
}

// A load that failed (its early fetch in a network blip) is tried again by the next journey to validate.
const load = lazy<{ validateJourney: typeof validate; remember: typeof keep }>('milepost-validate.min.js', base)
// Nothing validated here yet (a first visit): fetch the validator now, in parallel with the rest,
// in a task after the tag's own (a page's first localStorage read costs several ms). A browser that
// remembers a journey fetches it only for a journey it does not remember.
setTimeout(() => {
  try {
    // Remembers a journey, clean or with warnings: not a first visit.
    if (seen()[0] || localStorage.getItem(KEY + ':w')) return
  } catch {
    // storage blocked: as a first visit
  }
  load().catch(() => {})
})

/**
 * Same answer as core's validateJourney, as a Promise: a journey whose exact JSON this build
 * validated before without error is answered from memory (validation is a pure function of the
 * file): a clean one is taken as it is, one with warnings as the validator answered (its copy
 * without the unknown fields, and the warnings, still logged under `debug`). Any other journey is
 * validated by the loaded validator.
 */
export const validateJourney = async (input: unknown): Promise<ValidationResult> => {
  let key = ''
  try {
    key = __MILEPOST_BUILD__ + '.' + hash(JSON.stringify(input))
  } catch {
    // Not JSON (a cycle, a BigInt): the validator reports it.
  }
  const known = seen()
  if (key && known.includes(key)) return { journey: input as Journey, issues: [] }
  const warned = key && recall(key)
  if (warned) return warned
  let result: ValidationResult
  try {
    const file = await load()
    result = file.validateJourney(input)
    // Remembered by the validator's file: the first file carries no writer for it.
    if (key && result.journey) file.remember(key, result)
  } catch (error) {
    return { issues: [{ path: '', message: 'the validator could not load: ' + error, severity: 'error' }] }
  }
  return result
}
