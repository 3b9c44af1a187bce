type Scheduler = { yield?: () => Promise<void> }

/**
 * Ends the current task and resumes ahead of other queued work (`scheduler.yield`, Chromium 129+),
 * so Milepost's start is several short tasks instead of one long one that delays the host's
 * input. Where the API is missing it resumes at once (a microtask), which keeps fake timers in a
 * host's tests working.
 */
export const yieldTask = (): Promise<void> =>
  Promise.resolve((globalThis as { scheduler?: Scheduler }).scheduler?.yield?.()).catch(() => {})
