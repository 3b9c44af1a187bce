// `--traits '{"plan":"pro"}'`: the simulated user's traits, checked like the browser's data-traits.
import type { Traits } from '../core/index'
import { type Failure, failure } from './io'
import { parseJson } from './json-source'

const EXAMPLE = `'{"plan":"pro","signedUpAt":"2026-11-02T09:00:00Z"}'`

/**
 * The traits in `text`, a JSON object of strings, numbers, booleans or null; else a Failure
 * naming the column of a syntax error or the trait that is wrong.
 * @example readTraits('{"plan":"pro"}') // { plan: 'pro' }
 */
export const readTraits = (text: string): Traits | Failure => {
  const parsed = parseJson(text)
  if (!parsed.ok) return failure(`--traits: invalid JSON at column ${parsed.error.column}: ${parsed.error.message}; expected an object like ${EXAMPLE}`)
  const v = parsed.source.value
  if (typeof v != 'object' || v === null || Array.isArray(v)) return failure(`--traits: expected a JSON object like ${EXAMPLE}`)
  for (const [k, x] of Object.entries(v)) {
    if (!(x === null || ['string', 'number', 'boolean'].includes(typeof x))) {
      return failure(`--traits: trait ${JSON.stringify(k)} must be a string, number, boolean or null, not ${Array.isArray(x) ? 'an array' : 'an object'}`)
    }
  }
  return v as Traits
}
