// The milestone an escalation or a slip comes from, from a user's stored colour times: the core's
// `cause` (core/status.ts) read back at any moment, so the dashboard shows it where it started.
import { num } from './figure'
import type { Layout } from './layout'

/**
 * The cause of milestone `id` at `t`: while a dependency the user gets is not done and red at `t`
 * (past its due, or blocked), the cause of that dependency; else `id` itself. Dependencies done
 * since the last sync have no times left and count as not red: the cause is then `id`.
 */
export const causeAt = (layout: Layout, mTimes: unknown, mInfo: unknown, id: string, t: number): string => {
  const times = (Array.isArray(mTimes) ? mTimes : []).map(num)
  const info = (Array.isArray(mInfo) ? mInfo : []).map(num)
  const byId = new Map(layout.milestones.map((m) => [m.id, m]))
  const at = (k: number, i: number) => times[4 * (k - 1) + i] ?? null
  const red = (k: number) => {
    if (info[2 * (k - 1)] == null || at(k, 0) != null) return false
    const due = at(k, 1)
    const blocked = at(k, 3)
    return (due != null && t > due) || (blocked != null && t >= blocked)
  }
  let x = byId.get(id)
  for (let depth = 0; x && depth < layout.milestones.length; depth++) {
    const d = x.dependsOn.map((dep) => byId.get(dep)).find((m) => m && red(m.k))
    if (!d) break
    x = d
  }
  return x?.id ?? id
}
