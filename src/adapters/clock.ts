/** Refreshes at most a minute apart while visible, and exactly at the next journey-day boundary. */
export interface Clock {
  /** Ticks now and plans the next tick. */
  resume(): void
  /** Plans the next tick only (the time was just read). */
  plan(): void
  /** Stops ticking until `resume` (the page is hidden). */
  pause(): void
  /** Stops for good: a later `plan` or `resume` (work that was under way as it stopped) sets nothing. */
  stop(): void
}

/**
 * `tick` refreshes the time; `untilNextDay` says how many ms remain to the next day boundary,
 * so the journey day rolls over while the page stays open.
 */
export const startClock = (tick: () => void, untilNextDay: () => number, minute = 60_000): Clock => {
  let timer: ReturnType<typeof setTimeout> | undefined
  let stopped = false
  const pause = () => clearTimeout(timer)
  const plan = () => {
    pause()
    if (!stopped) timer = setTimeout(resume, Math.max(1, Math.min(minute, untilNextDay())))
  }
  const resume = () => {
    tick()
    plan()
  }
  return { resume, plan, pause, stop: () => ((stopped = true), pause()) }
}
