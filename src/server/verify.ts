/**
 * Notices a client may not make up: an escalation is accepted only when the server's own
 * evaluation says that level is due for this user (with the deterministic id every side uses, so
 * one level is one notice), and delegated steps are capped per user per day with short text fields.
 * Everything else in the batch is untouched; refused events go to `rejected` with the reason.
 */
import { accountScoped, DAY, emptyProgress, escalationEventId, escalationKey } from '../core'
import { asOf } from '../core/as-of'
import { seenFrom } from '../core/next-change'
import type { Journey, JourneyState, Progress, ProgressEvent, Traits } from '../core/types'
import type { Rejection, SyncRequest } from '../protocol'
import { DELEGATED, mergeBatch } from './store'
import type { SyncStore } from './store'
import { OWNER_ID, stateOf } from './subject'
import type { SubjectView } from './subject'

type Escalation = Extract<ProgressEvent, { type: 'escalation' }>

/** Delegated steps a user may send per 24 hours (server time). */
export const MAX_DELEGATIONS_PER_DAY = 20
/** Escalation notices a user's batches may make per 24 hours (a reset starts a new ladder). */
export const MAX_ESCALATIONS_PER_DAY = 30
/** Characters in a delegation's `to` and `note`. */
export const DELEGATION_TEXT = { to: 200, note: 1000 } as const

const textIssue = (props: Readonly<Record<string, unknown>>): string | null => {
  const { stepId } = props
  if (typeof stepId !== 'string' || stepId.length < 1 || stepId.length > 100) return 'props.stepId: expected a string of 1-100 characters'
  for (const field of ['to', 'note'] as const) {
    const v = props[field]
    if (v !== undefined && (typeof v !== 'string' || v.length > DELEGATION_TEXT[field])) {
      return `props.${field}: expected a string of at most ${DELEGATION_TEXT[field]} characters`
    }
  }
  return null
}

/**
 * The client's document as the server takes it: its escalation records are dropped unless the
 * caller is trusted, since only an escalation event the server accepted may record a level (a
 * level the client recorded but the server refused, e.g. from a clock ahead, must still be sent
 * by the watch when it falls due).
 */
export const clientDocument = (progress: Progress | undefined, trusted: boolean, shared = false, journey?: Journey): Progress | undefined => {
  // An account's document has no resets (a reset is the user's own): one in a higher epoch would wipe
  // every member's shared steps and pin the epoch, so it is not taken.
  if (!progress || (shared && progress.epoch !== 0)) return undefined
  const doc = trusted || !Object.keys(progress.escalations).length ? progress : { ...progress, escalations: {} }
  if (!shared) return doc
  // An account's document holds what its events may (ACCOUNT_EVENTS, accountScoped): a member's own
  // steps and nudges, pages, hits, sessions and tours pushed in a document are each user's, as events.
  const ours = (e: ProgressEvent) => !journey || !knowsIt(journey, e) || accountScoped(journey, e)
  const { tours: _, ...rest } = doc
  return {
    ...rest, tracks: {}, urls: {}, clicks: {}, visible: {}, sessions: {},
    steps: Object.fromEntries(Object.entries(doc.steps).filter(([stepId]) => ours({ id: '', at: 0, type: 'complete', stepId }))),
    nudges: Object.fromEntries(Object.entries(doc.nudges).filter(([nudgeId]) => ours({ id: '', at: 0, type: 'nudge', nudgeId, action: 'shown' }))),
  }
}

/** The events an account's document holds: completions, skips, nudges and escalations; the rest (a reset, tracks, pages, sessions, tours) is each user's own. */
const ACCOUNT_EVENTS = new Set(['complete', 'skip', 'nudge', 'escalation'])

/**
 * Whether the server's journey has the step or nudge an account event names. One it does not know
 * (a client on a newer journey file than the server's) is taken, as in a user's batch: refused, it
 * would be lost for good.
 */
const knowsIt = (journey: Journey, e: ProgressEvent): boolean =>
  e.type === 'complete' || e.type === 'skip' ? journey.milestones.some((m) => m.steps.some((s) => s.id === e.stepId))
    : e.type === 'nudge' || e.type === 'escalation' ? !!journey.nudges?.some((n) => n.id === e.nudgeId)
      : true

/** Why an event of an account's batch is not the account's (by `accountScoped`). */
const notTheAccounts = (e: ProgressEvent): string =>
  e.type === 'complete' || e.type === 'skip'
    ? `${e.type}: step ${JSON.stringify(e.stepId)} is not an account-scope step of this journey: send it in the user's batches`
    : `${e.type}: not about an account milestone: send it in the user's batches`

/**
 * The ids the server makes, by how they begin, and the one event type of a batch that may carry
 * each: an escalation's (escalationEventId, the browser's and the watch's alike) and an owner
 * notice's (ownerEventId: the server's own, no batch's). Stores keep an id once per user (the events
 * and the outbox), so another event taking one first would make the server's a duplicate, never told.
 */
export const SERVER_IDS: readonly { prefix: string; type: ProgressEvent['type'] | null; what: string }[] = [
  { prefix: 'esc:', type: 'escalation', what: 'an escalation\'s id' },
  { prefix: OWNER_ID, type: null, what: 'an owner notice\'s id, which the server makes' },
]

/** Why an event's id is the server's to make, or null when it is not. */
export const squatted = (e: ProgressEvent): string | null => {
  const made = SERVER_IDS.find((s) => e.id.startsWith(s.prefix))
  return made && made.type !== e.type ? `id: ${JSON.stringify(made.prefix)} begins only ${made.what}` : null
}

export interface VerifyInput {
  store: SyncStore
  journey: Journey | undefined
  request: SyncRequest
  events: ProgressEvent[]
  now: number
  /** Escalations pass unchecked (an admin caller); delegations are still checked. */
  trusted?: boolean
}

/** The batch's events the server accepts, and the refused ones with their reasons. */
export const verifyNotices = async ({ store, journey, request, events, now, trusted }: VerifyInput): Promise<{ events: ProgressEvent[]; rejected: Rejection[] }> => {
  const isDelegation = (e: ProgressEvent) => e.type === 'track' && e.name === DELEGATED
  // An account's batch is checked against the account's document and ladders.
  const shared = request.scope === 'account'
  if (!shared && !events.some((e) => e.type === 'escalation' || isDelegation(e) || squatted(e))) return { events, rejected: [] }
  const { journeyId } = request
  const userId = shared ? request.accountId! : request.userId
  const scope = shared ? 'account' as const : undefined
  const rejected: Rejection[] = []
  const refuse = (e: ProgressEvent, reason: string) => void rejected.push({ id: e.id, reason })
  const since = now - DAY
  const count = async (kind: 'escalation' | 'delegate') => (await store.countNotices?.(journeyId, userId, kind, since)) ?? 0

  let delegations = -1
  let escalations = -1
  /** The level an escalation names, when it is due (see below); made at the batch's first escalation. */
  let dueLevel: ((e: Escalation) => { dueAt: number; notify: string } | undefined) | undefined
  /** What `dueLevel` said of each escalation id in this batch. */
  const judged = new Map<string, ReturnType<NonNullable<typeof dueLevel>>>()
  let epoch = 0
  const kept: ProgressEvent[] = []
  for (const e of events) {
    // Before anything else, an admin's too: an id the server makes (SERVER_IDS), taken first by
    // another event, would make the server's a duplicate, never told.
    const squat = squatted(e)
    if (squat) {
      refuse(e, squat)
      continue
    }
    if (shared && !ACCOUNT_EVENTS.has(e.type)) {
      refuse(e, `${e.type}: not the account's: send it in the user's batches`)
      continue
    }
    // Of those, only the ones about the account's steps and milestones (accountScoped): a member's own
    // step completed in the account's document would be done for every member.
    if (shared && journey && knowsIt(journey, e) && !accountScoped(journey, e)) {
      refuse(e, notTheAccounts(e))
      continue
    }
    if (e.type === 'track' && e.name === DELEGATED) {
      const issue = textIssue(e.props ?? {})
      if (issue) refuse(e, issue)
      else if ((delegations < 0 ? (delegations = await count('delegate')) : delegations) >= MAX_DELEGATIONS_PER_DAY) {
        refuse(e, `${DELEGATED}: at most ${MAX_DELEGATIONS_PER_DAY} per user per day`)
      } else {
        delegations++
        kept.push(e)
      }
      continue
    }
    if (e.type !== 'escalation' || trusted) {
      kept.push(e)
      continue
    }
    if (!journey) {
      refuse(e, 'escalation: the server cannot check it (journey unknown to the server)')
      continue
    }
    // A member's ladders about account milestones are the account's: sent in the account's batches.
    if (request.accountId !== undefined && accountScoped(journey, e) != shared) {
      refuse(e, shared ? 'escalation: not about an account milestone: send it in the user\'s batches'
        : 'escalation: about an account milestone: send it with scope "account"')
      continue
    }
    if (!dueLevel) {
      const user = await store.getUser?.(journeyId, userId, scope)
      const stored = user?.progress ?? (await store.getProgress(journeyId, userId, scope)) ?? emptyProgress(userId)
      // An account's are the kept ones: an account batch's own accountTraits (a day 0 from 2000) would
      // make any level due.
      const traits: Traits = (shared ? user?.traits : request.traits ?? user?.traits) ?? {}
      const progress = mergeBatch(stored, events.filter((x) => x.type !== 'escalation'), request.progress)
      epoch = progress.epoch
      const view: SubjectView = shared ? { scope: 'account', traits } : { scope: 'user', traits, account: user?.account }
      const seenAt = user?.seenAt ?? undefined
      /** The state of `p` at `at`, the server's receive time counting as the user's last activity up to `at`. */
      const stateAt = (p: Progress, at: number) => stateOf(journey, userId, seenFrom(p, seenAt! <= at ? seenAt : undefined), view, at)
      const current = stateAt(progress, now)
      const due = (e: Escalation, state: JourneyState) => {
        const level = state.nudges.find((n) => n.id === e.nudgeId && (n.milestone ?? undefined) === (e.milestoneId ?? undefined))?.escalations[e.level - 1]
        return level && level.dueAt <= state.now ? level : undefined
      }
      // Due now by everything the server knows; or due when the client made it: the document as of
      // the escalation's time, judged at that time (a stalled user who came back and completed a
      // step in the same batch, right after it, no longer makes the level undue). A level made up
      // for a moment it was not due, or ahead of the server's clock, is refused.
      dueLevel = (e) => due(e, current) ?? (e.at < now ? due(e, stateAt(asOf(progress, e.at), e.at)) : undefined)
    }
    // The id first: with the deterministic ids only, a batch is judged at most once per level of the
    // journey's ladders (the first of repeats decides), whatever a client sends.
    const id = escalationEventId(epoch, escalationKey(e.nudgeId, e.milestoneId, e.level))
    const level = (e.epoch ?? epoch) === epoch && e.id === id ? (judged.has(id) ? judged.get(id) : judged.set(id, dueLevel(e)).get(id)) : null
    if (level === null) refuse(e, `escalation: expected the id ${id}`)
    else if (!level) refuse(e, `escalation: level ${e.level} of ${e.nudgeId} is not due for this user by the server's evaluation`)
    else if ((escalations < 0 ? (escalations = await count('escalation')) : escalations) >= MAX_ESCALATIONS_PER_DAY) {
      refuse(e, `escalation: at most ${MAX_ESCALATIONS_PER_DAY} per user per day`)
    } else {
      escalations++
      // Who is told is the journey's, never the client's: a made-up `notify` would route the notice
      // (and the signed webhook) to anyone. Its time is no earlier than the level fell due: the
      // webhook describes the notice as of that time, which a client's clock must not pick.
      kept.push({ ...e, at: Math.max(e.at, level.dueAt), notify: level.notify })
    }
  }
  return { events: kept, rejected }
}
