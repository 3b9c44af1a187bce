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
  return {
    date: (at) => date().format(at),
    days: (n) => days().format(n),
    rel: (n) => rel().format(n, 'day'),
    num: (n) => num().format(n),
    lang: locale,
  }
}
