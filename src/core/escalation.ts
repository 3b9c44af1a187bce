// Where an escalation level is recorded, and the id of the event that records it: one rule for the
// browser, the server's watch and the figures.

/**
 * The key of one escalation level in `progress.escalations`: `nudge:milestone:level` (the
 * milestone empty when the signal names none). Each key is emitted once per epoch.
 * @example escalationKey('report-missed', 'first-report', 2) // 'report-missed:first-report:2'
 */
export const escalationKey = (nudgeId: string, milestoneId: string | null | undefined, level: number): string =>
  `${nudgeId}:${milestoneId ?? ''}:${level}`

/**
 * The event id every side gives the escalation of `key` in `epoch`: the browser and the server's
 * watch make the same id, so whichever is second is a duplicate and is applied and sent once.
 */
export const escalationEventId = (epoch: number, key: string): string => `esc:${epoch}:${key}`

/**
 * The level of `key` when it belongs to this nudge and milestone, else NaN. Ids may hold ':', so a
 * key is read against known ids, never split.
 */
export const escalationLevel = (key: string, nudgeId: string, milestoneId: string | null | undefined): number => {
  const prefix = escalationKey(nudgeId, milestoneId, 0).slice(0, -1)
  const level = key.startsWith(prefix) ? Number(key.slice(prefix.length)) : NaN
  return Number.isInteger(level) && level > 0 ? level : NaN
}
