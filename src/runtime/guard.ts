/**
 * Wrappers that keep failures inside Milepost: `guard` for public methods (with a fallback
 * result), `safe` for callbacks the browser calls (listeners, timers, channels, observers).
 */
export const createGuards = (fail: (error: unknown) => void) => ({
  guard: <A extends unknown[], R>(fn: (...args: A) => R, fallback: () => R) => (...args: A): R => {
    try {
      const result = fn(...args)
      return (result instanceof Promise ? result.catch(fail) : result) as R
    } catch (error) {
      fail(error)
      return fallback()
    }
  },
  safe: <A extends unknown[]>(fn: (...args: A) => unknown) => (...args: A): void => {
    try {
      const result = fn(...args)
      if (result instanceof Promise) result.catch(fail)
    } catch (error) {
      fail(error)
    }
  },
})
