import { setLocal } from './storage-local'
import { onLeave } from './page-life'

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
      return value ? value == '1' : undefined
    } catch {
      return undefined
    }
  },
  // Storage blocked or full: the next page starts as on a first visit.
  write: (on: boolean): void => setLocal(key, on ? '1' : '0', ls),
})

/** Whether the previous page's state had anything for the UI to show (`milepost:shows`). */
export const uiHint = (ls?: Storage) => pageHint('milepost:shows', ls)

/** Whether the previous page placed a tooltip (`milepost:tips`): its floating-ui file is fetched ahead. */
export const tipHint = (ls?: Storage) => pageHint('milepost:tips', ls)

/**
 * `hint` kept by what this page does with a file the next page may fetch ahead: `read()` gives what
 * the previous page left (or true once this page used it); `use()` says this page uses the file
 * (written once). A page left without using what the previous one used says so on `pagehide` (not
 * before: a later state may still use it).
 */
export const usageHint = (hint: ReturnType<typeof pageHint>) => {
  let said: boolean | undefined
  let used = false
  onLeave(() => said && !used && hint.write((said = false)))
  return {
    read: () => (said ??= hint.read()),
    use() {
      used = true
      if (said !== true) hint.write((said = true))
    },
  }
}
