/**
 * Which new events become notices: each delegated step, and for escalations one notice per
 * (nudge, milestone) of a batch, at the highest level, naming every level it covers. Several levels
 * fall due at once when nobody looked for a while (a browser-only setup, a watcher that was down):
 * each is recorded once, but a person is told once.
 */
import type { ProgressEvent } from '../core/types'
import { noticeKind } from './store'
import type { NoticeEvent, NoticeKind, OwnerEvent } from './store'

/** One level a notice covers. */
export interface CoveredLevel {
  level: number
  notify?: string
  /** The level's words from the journey (its `message`): added when the notice is told, never stored. */
  message?: string
}

export interface NoticeDraft {
  kind: NoticeKind
  event: NoticeEvent
  /** Escalations: the levels this notice stands for, lowest first (its own is the last). */
  levels?: CoveredLevel[]
  /**
   * A level told by a higher one of the same batch: kept in the outbox (the escalation log lists
   * every level) as delivered at once, never sent on its own.
   */
  covered?: true
}

/**
 * The notices for events inserted together, in order: every level of an escalation group, the
 * highest one naming all the levels, the lower ones `covered`.
 */
export const noticesOf = (inserted: readonly ProgressEvent[]): NoticeDraft[] => {
  const out: NoticeDraft[] = []
  const members = new Map<string, NoticeDraft[]>()
  for (const event of inserted) {
    const kind = noticeKind(event)
    if (!kind) continue
    if (event.type !== 'escalation') {
      out.push({ kind, event })
      continue
    }
    const group = JSON.stringify([event.nudgeId, event.milestoneId ?? '', event.epoch ?? null])
    const covered: CoveredLevel = { level: event.level, ...(event.notify !== undefined ? { notify: event.notify } : {}) }
    const draft: NoticeDraft = { kind, event, levels: [covered] }
    out.push(draft)
    const all = [...(members.get(group) ?? []), draft]
    members.set(group, all)
    const top = all.reduce((a, b) => (level(b) > level(a) ? b : a))
    const levels = all.map(ownLevel).sort((a, b) => a.level - b.level)
    for (const d of all) {
      if (d === top) {
        d.levels = levels
        delete d.covered
      } else {
        d.levels = [ownLevel(d)]
        d.covered = true
      }
    }
  }
  return out
}

/** Owner notices as drafts: one each. */
export const ownerDrafts = (events: readonly OwnerEvent[]): NoticeDraft[] => events.map((event) => ({ kind: 'owner', event }))

const level = (d: NoticeDraft): number => (d.event.type === 'escalation' ? d.event.level : 0)
const ownLevel = ({ event: e }: NoticeDraft): CoveredLevel =>
  ({ level: e.type === 'escalation' ? e.level : 0, ...(e.type === 'escalation' && e.notify !== undefined ? { notify: e.notify } : {}) })

/** The outbox body of a draft: the event, the batch's traits, the levels it covers, or what covers it. */
export const noticeBody = (draft: NoticeDraft, traits?: Record<string, unknown>) => ({
  event: draft.event,
  ...(traits ? { traits } : {}),
  ...(draft.levels && draft.levels.length > 1 ? { levels: draft.levels } : {}),
  ...(draft.covered ? { covered: true } : {}),
})

/** An outbox row as the stores insert it: a covered level is delivered already (with its higher one). */
export const outboxRow = (draft: NoticeDraft, traits: Record<string, unknown> | undefined, now: number) => ({
  id: draft.event.id, kind: draft.kind, body: noticeBody(draft, traits), delivered: draft.covered ? now : null,
})
