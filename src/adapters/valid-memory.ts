// What the script tag remembers of journeys it validated (localStorage `milepost:valid`): read by
// the first file (adapters/validator.ts), written only by the validator's file
// (adapters/validate-file.ts), which has loaded whenever there is an answer to remember.
import type { ValidationResult } from '../core/types'
import { stringify } from '../core/json'

export const KEY = 'milepost:valid'
/** The longest answer with warnings remembered (as JSON): a larger journey is validated on each page. */
const MAX_REMEMBERED = 100_000

/** The last few journeys found clean (no issue at all), most recent first. */
export const seen = (): string[] => {
  try {
    return (localStorage.getItem(KEY) ?? '').split(' ').filter(Boolean)
  } catch {
    return []
  }
}

/** Remembers an answer without error, in a task of its own (a page's first localStorage write costs milliseconds). */
export const remember = (key: string, result: ValidationResult) =>
  setTimeout(() => {
    try {
      if (!result.issues.length) {
        const now = seen()
        if (!now.includes(key)) localStorage.setItem(KEY, [key, ...now].slice(0, 4).join(' '))
      } else {
        const text = stringify([key, result])
        if (text.length <= MAX_REMEMBERED) localStorage.setItem(KEY + ':w', text)
      }
    } catch {
      // Storage blocked or full: validated again next time.
    }
  })
