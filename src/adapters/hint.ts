/**
 * What the previous page of this user left behind for the next one's start: whether their state had
 * anything for the UI to show (`true`/`false`), or `undefined` when nothing was left. One
 * localStorage key per user (`milepost:shows|<id>`), outside the progress keys' `journey|user|`
 * prefixes. Blocked storage reads as nothing left and writes nothing.
 */
export const uiHint = (userId: string, ls?: Storage) => {
  const key = 'milepost:shows|' + encodeURIComponent(userId)
  return {
    read: (): boolean | undefined => {
      try {
        const value = (ls ?? localStorage).getItem(key)
        return value === null ? undefined : value == '1'
      } catch {
        return undefined
      }
    },
    write: (shows: boolean): void => {
      try {
        ;(ls ?? localStorage).setItem(key, shows ? '1' : '0')
      } catch {
        // Storage blocked or full: the next page preloads the UI, as on a first visit.
      }
    },
  }
}
