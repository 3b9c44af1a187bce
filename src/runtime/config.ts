import { validateJourney } from '../core/index'
import type { ValidationResult } from '../core/index'
import type { FetchJson } from '../adapters/journey-fetch'

/** An issue at `path`, told as `<path>: <message>` (boot.ts) like the validator's. */
const fail = (path: string, message: string): ValidationResult => ({ issues: [{ path, message, severity: 'error' }] })

/** The journey from `config` or `configUrl` (downloaded by `fetchJson`), validated; any failure comes back as issues. */
export const loadJourney = async (config: unknown, configUrl: string | undefined, fetchJson: FetchJson): Promise<ValidationResult> => {
  if (config === undefined && configUrl) {
    try {
      config = await fetchJson(configUrl)
    } catch (error) {
      return fail('configUrl', `${configUrl} failed (${error})`)
    }
  }
  return config === undefined ? fail('config', 'expected a journey or a configUrl') : validateJourney(config)
}
