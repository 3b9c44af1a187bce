/**
 * A flag the previous page left for the next one's start, in one localStorage key for the browser
 * (outside the progress keys' `journey|user|` prefixes), read while the script tag starts, before
 * any user is known: `true`/`false`, or `undefined` when nothing was left. Blocked storage reads
 * as nothing left and writes nothing.
 */
export const pageHint = (key: string, ls?: Storage) => ({
  read: (): boolean | undefined => {
    try {
      const value = (ls ?? localStorage).getItem(key)
      return value === null ? undefined : value == '1'
    } catch {
      return undefined
    }
  },
  write: (on: boolean): void => {
    try {
      ;(ls ?? localStorage).setItem(key, on ? '1' : '0')
    } catch {
      // Storage blocked or full: the next page starts as on a first visit.
    }
  },
})

/** Whether the previous page's state had anything for the UI to show (`milepost:shows`). */
export const uiHint = (ls?: Storage) => pageHint('milepost:shows', ls)

/** Whether the previous page placed a tooltip (`milepost:tips`): its floating-ui file is fetched ahead. */
export const tipHint = (ls?: Storage) => pageHint('milepost:tips', ls)
