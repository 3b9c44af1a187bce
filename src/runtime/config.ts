import { validateJourney } from '../core/index'
import type { ValidationResult } from '../core/index'

const fail = (message: string): ValidationResult => ({ issues: [{ path: '', message, severity: 'error' }] })

/** The journey from `config` or `configUrl`, validated; any failure comes back as issues. */
export const loadJourney = async (config: unknown, configUrl: string | undefined): Promise<ValidationResult> => {
  if (config === undefined && configUrl) {
    try {
      const response = await fetch(configUrl, { credentials: 'same-origin' })
      if (!response.ok) return fail(`configUrl ${configUrl}: HTTP ${response.status}`)
      config = await response.json()
    } catch (error) {
      return fail(`configUrl ${configUrl}: ${String(error)}`)
    }
  }
  return config === undefined ? fail('config or configUrl is required') : validateJourney(config)
}
