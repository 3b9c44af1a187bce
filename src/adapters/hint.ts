/**
 * What the previous page left for the next one's start: whether its state had anything for the UI
 * to show (`true`/`false`), or `undefined` when nothing was left. One localStorage key for the
 * browser (`milepost:shows`, outside the progress keys' `journey|user|` prefixes), read while the
 * script tag evaluates, before any user is known. Blocked storage reads as nothing left and
 * writes nothing.
 */
export const uiHint = (ls?: Storage) => ({
  read: (): boolean | undefined => {
    try {
      const value = (ls ?? localStorage).getItem('milepost:shows')
      return value === null ? undefined : value == '1'
    } catch {
      return undefined
    }
  },
  write: (shows: boolean): void => {
    try {
      ;(ls ?? localStorage).setItem('milepost:shows', shows ? '1' : '0')
    } catch {
      // Storage blocked or full: the next page preloads the UI, as on a first visit.
    }
  },
})
