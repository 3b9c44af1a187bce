// Times that may be missing, and whole days.
import { DAY } from './limits'

/** The earlier of two times; a missing one never wins. */
export const lo = (a: number | undefined, b: number | undefined): number | undefined => (a == null || b! < a ? b : a)

/** The latest of some times, or null when none is set. */
export const latest = (ts: readonly (number | null | undefined)[]): number | null =>
  ts.reduce<number | null>((m, t) => (t == null || m! >= t ? m : t), null)

/** Whole days in a span, rounded down. */
export const days = (ms: number): number => Math.floor(ms / DAY)
