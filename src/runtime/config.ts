import { validateJourney } from '../core/index'
import type { ValidationResult } from '../core/index'
import type { FetchJson } from '../adapters/journey-fetch'

const fail = (message: string): ValidationResult => ({ issues: [{ path: '', message, severity: 'error' }] })

/** The journey from `config` or `configUrl` (downloaded by `fetchJson`), validated; any failure comes back as issues. */
export const loadJourney = async (config: unknown, configUrl: string | undefined, fetchJson: FetchJson): Promise<ValidationResult> => {
  if (config === undefined && configUrl) {
    try {
      config = await fetchJson(configUrl)
    } catch (error) {
      return fail(`configUrl ${configUrl}: ${error}`)
    }
  }
  return config === undefined ? fail('config or configUrl is required') : validateJourney(config)
}
