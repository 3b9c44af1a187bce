// Dates, day counts and relative days in the user's locale, through Intl only.

export interface Format {
  /** "3 Dec" (en-GB) / "Dec 3" (en-US). */
  date(at: number): string
  /** "2 days". */
  days(n: number): string
  /** "in 3 days", "tomorrow", "today". */
  rel(days: number): string
  /** A count in the locale's digits: "3", "٣". */
  num(n: number): string
  /** The locale's tag as given (the widget's `lang`), or undefined for the browser's. */
  lang: string | undefined
}

type Formatter<T> = new (locale?: string, options?: object) => T

/**
 * One formatter, made on first use: building Intl formatters loads locale data (~60 ms at start
 * in Chromium, 4× that on a slow phone), which the launcher alone never needs. A malformed
 * locale tag falls back to the browser's own locale instead of throwing.
 */
const lazy = <T>(C: Formatter<T>, locale: string | undefined, options: object): (() => T) => {
  let made: T | undefined
  return () => {
    if (made === undefined) {
      try {
        made = new C(locale, options)
      } catch {
        made = new C(undefined, options)
      }
    }
    return made
  }
}

/** Formatters for one locale; `undefined` means the browser's. */
export const createFormat = (locale?: string): Format => {
  const date = lazy(Intl.DateTimeFormat, locale, { day: 'numeric', month: 'short' })
  const days = lazy(Intl.NumberFormat, locale, { style: 'unit', unit: 'day', unitDisplay: 'long' })
  const rel = lazy(Intl.RelativeTimeFormat, locale, { numeric: 'auto' })
  const num = lazy(Intl.NumberFormat, locale, { useGrouping: false })
  // The launcher's count is drawn first, with no Intl formatter made yet (see `lazy`): only the
  // languages whose usual digits are not 0–9 (Arabic, Persian, Bengali, Marathi, Nepali, Burmese…)
  // ask Intl for theirs; a region of theirs that writes 0–9 (ar-MA) gets 0–9 from Intl.
  const own = /^(ar|fa|ps|ckb|sd|ks|ur-in|bn|as|mni|mr|ne|my|dz|sat)(-|$)/i.test(locale ?? globalThis.navigator?.language ?? '')
  return {
    date: (at) => date().format(at),
    days: (n) => days().format(n),
    rel: (n) => rel().format(n, 'day'),
    num: (n) => (own ? num().format(n) : String(n)),
    lang: locale,
  }
}
