/**
 * What a person receives when an escalation or a delegated step leaves the server: the event plus
 * the context to act on it (who, traits, which milestone, how late, what is done already), not the
 * user's whole document.
 */
import { emptyProgress, validateJourney } from '../core'
import { asOf } from '../core/as-of'
import type { Journey, MilestoneStatus, Progress, ProgressEvent, Traits } from '../core/types'
import { MAX_SKEW_MS } from '../protocol'
import type { CoveredLevel } from './notices'
import type { NoticeKind, OwnerEvent, PendingNotice } from './store'
import { defaultLog } from './log'
import { stateOf } from './subject'
import type { SubjectView } from './subject'

/** Finds the journey file of an id, so notices can say which milestone is late and by how much. */
export type JourneyLookup = (journeyId: string) => Journey | undefined | Promise<Journey | undefined>

/** A lookup as the server parts read it: always a Promise. */
export type Lookup = (journeyId: string) => Promise<Journey | undefined>

/** The journeys a server part reads: the files themselves, or a function from a journey id to its file. */
export type Journeys = readonly Journey[] | JourneyLookup

/** Problems of journey files already checked, by file object: a lookup answering the same object is checked once. */
const checked = new WeakMap<object, string | null>()

/**
 * What is wrong with a journey file a server part was given, in the validator's words: its first
 * error with the JSON path (and how many more), or null for a valid file. Checked once per object.
 */
export const journeyProblem = (file: unknown): string | null => {
  if (file === null || typeof file != 'object') return 'expected a journey file (an object)'
  let problem = checked.get(file)
  if (problem === undefined) {
    const errors = validateJourney(file).issues.filter((i) => i.severity == 'error')
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''
    checked.set(file, (problem = errors[0] ? `${errors[0].path || '(top level)'}: ${errors[0].message}${more}` : null))
  }
  return problem
}

/**
 * `fn()`'s answer, or a rejection once `ms` have passed without one (0, a negative number or NaN
 * would fail every call at once: 10 s then; past setTimeout's largest delay, about 24.8 days and
 * Infinity included, no time limit). A hung database read must not hang a request or the watch.
 */
export const inTime = <T>(fn: () => T | Promise<T>, ms?: number): Promise<T> => {
  const limit = ms! > 0 ? ms! : 10_000
  let timer: ReturnType<typeof setTimeout> | undefined
  const late = new Promise<never>((_, reject) => {
    if (limit > 2_147_483_647) return
    timer = setTimeout(() => reject(new Error(`no answer in ${limit} ms`)), limit)
    timer.unref?.()
  })
  return Promise.race([Promise.resolve().then(fn), late]).finally(() => clearTimeout(timer))
}

/** Tells each cause of a key (a journey id) once on `log`, until `clear(key)`: the key's lookup answered again. */
export const causesOnce = (log: (message: string) => void) => {
  const told = new Map<string, Set<string>>()
  return {
    tell(key: string, cause: string, message: string): void {
      const causes = told.get(key) ?? new Set()
      if (!causes.has(cause)) told.set(key, causes.add(cause)), log(message)
    },
    clear: (key: string): void => void told.delete(key),
  }
}

export interface LookupOptions {
  /** Where a lookup's failures are told, each cause once per journey until it answers again. @default console.error */
  log?: (message: string) => void
  /** How long a lookup function may take to answer; past it, it counts as failed (not a number above 0: the default). @default 10000 */
  timeoutMs?: number | undefined
}

/**
 * The lookup of `journeys` as `owner` was given them: a list by id (two files with one id are
 * refused: which would win?), or a function, wrapped so that every server part reads its answers
 * alike: a lookup that throws or has not answered within `timeoutMs` (a hung database read must not
 * hang a request or the watch), a file that is not valid as `validateJourney` checks it, or a file
 * of another id than the one asked for fails, and every caller treats it as a failed lookup (the
 * watcher keeps the file before). Each cause (failed, not valid, another id) is told on `log` once
 * per journey until that journey's lookup answers again: a database error that names its
 * connection, or a file read per request, does not fill the log. Throws a TypeError
 * naming `owner` for anything else (a Map, one file) and for a listed file that is not valid, at
 * creation: every request would find it out as a 500 or a wrong answer.
 */
export const journeyLookup = (owner: string, journeys: unknown, { log = defaultLog, timeoutMs }: LookupOptions = {}): Lookup | undefined => {
  if (journeys === undefined) return undefined
  if (typeof journeys == 'function') {
    const once = causesOnce(log)
    const fail = (id: string, cause: string, message: string): never => {
      once.tell(id, cause, message)
      throw new Error(message)
    }
    return async (id) => {
      let file: Journey | undefined
      try {
        file = await inTime(() => (journeys as JourneyLookup)(id), timeoutMs)
      } catch (error) {
        fail(id, 'failed', `${owner}: the journeys lookup failed for "${id}" (${error}); it is asked again the next time`)
      }
      if (file != null) {
        const problem = journeyProblem(file)
        if (problem) fail(id, 'invalid', `${owner}: the journeys lookup answered "${id}" with a file that is not valid: ${problem}; check it with npx milepost validate`)
        if (file.id !== id) fail(id, 'id', `${owner}: the journeys lookup answered "${id}" with a file of id "${file.id}": not used`)
      }
      once.clear(id)
      return file ?? undefined
    }
  }
  if (!Array.isArray(journeys)) {
    throw new TypeError(`${owner}: journeys: expected the journey files (an array), or a function from a journey id to its journey, e.g. (id) => list.find((j) => j.id === id)`)
  }
  journeys.forEach((j: unknown, i) => {
    const problem = journeyProblem(j)
    if (problem) throw new TypeError(`${owner}: journeys[${i}]${(j as Journey)?.id ? ` ("${(j as Journey).id}")` : ''} is not a valid journey file: ${problem}; check it with npx milepost validate`)
  })
  const known = new Map<string, Journey>(journeys.map((j: Journey) => [j.id, j]))
  if (known.size < journeys.length) {
    const twice = journeys.find((j: Journey, i) => journeys.findIndex((k: Journey) => k.id === j.id) < i)?.id
    throw new TypeError(`${owner}: journeys: two journeys have the id ${JSON.stringify(twice)}; give one file per journey`)
  }
  return async (id) => known.get(id)
}

export interface NoticeMilestone {
  id: string
  title: string
  status: MilestoneStatus
  /** The status in words: "2 days overdue". */
  reason: string
  percent: number
  dueAt: number | null
  /** Whole days past due; 0 when not overdue. */
  daysOverdue: number
}

/** The event behind each kind of notice. */
export interface NoticeEvents {
  escalation: Extract<ProgressEvent, { type: 'escalation' }>
  /** A `track` event named `step:delegated`, its props `{ stepId, to?, note? }`. */
  delegate: Extract<ProgressEvent, { type: 'track' }>
  /** A milestone's owner and collaborators told: completed, due soon, or overdue. */
  owner: OwnerEvent
}

interface NoticeOf<K extends NoticeKind> {
  kind: K
  journeyId: string
  /** The user; for an account's notice (an account ladder, an account milestone's owner), the account id. */
  userId: string
  /** The account: set on an account's notices, and on a member's when the server knows their account. */
  account?: { id: string; traits: Traits }
  /** An account's notice: the ids of the account's members the server knows. */
  members?: string[]
  event: NoticeEvents[K]
  /** Owner notices: why (`completed`, `due-soon`, `overdue`) and the route names told (owner first). */
  owner?: { reason: OwnerEvent['reason']; notify: string[] }
  /** The traits the client sent with the batch, when it sent them. */
  traits?: Traits
  /**
   * Escalations: every level this notice stands for, lowest first, its own last. Several levels fall
   * due at once when nobody looked for a while; each is recorded once and told in this one notice.
   */
  levels: CoveredLevel[]
  /** Escalations: the words the journey gives this level (its `message`), when it gives some; needs a journey. */
  message?: string
  /** The milestone the escalation is about (or that holds the delegated step); needs a journey. */
  milestone?: NoticeMilestone
  /** The delegated step, with the colleague and note from the event. */
  step?: { id: string; title?: string; to?: string; note?: string }
  /** Ids of the steps done: from `evaluate` with a journey, else the steps completed by hand. */
  done: string[]
}

/**
 * Passed to `onEscalation` (`Notice<'escalation'>`) and `onDelegate` (`Notice<'delegate'>`), and
 * posted by the webhook forwarder. `Notice` alone is either; checking `kind` narrows `event`.
 * @example
 * // One notice may cover several levels: tell each level's recipient, not only the last's (`event.notify`).
 * onEscalation: (notice) => notice.levels.forEach((l) => notify(l.notify ?? 'csm', `level ${l.level}: ${notice.milestone?.reason}`))
 */
export type Notice<K extends NoticeKind = NoticeKind> = K extends NoticeKind ? NoticeOf<K> : never

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined)

/** Who the notice is about beyond its own document: the account (for a member) and an account's members. */
export interface NoticeContext {
  /** How the document is evaluated: a user with their account, or an account. @default the user alone, with the notice's traits */
  view?: SubjectView
  members?: string[]
}

/** Builds a notice; a missing or failing journey lookup leaves out the milestone, never the notice. */
export const describeNotice = async (
  pending: PendingNotice, progress: Progress, now: number, journeys?: JourneyLookup, context: NoticeContext = {},
): Promise<Notice> => {
  const { kind, journeyId, userId, event, traits } = pending
  const view: SubjectView = context.view ?? (pending.accountId ? { scope: 'account', traits: {} } : { scope: 'user', traits: traits ?? {} })
  const props = event.type === 'track' ? event.props ?? {} : {}
  const stepId = text(props.stepId)
  const own: CoveredLevel[] = event.type === 'escalation'
    ? [{ level: event.level, ...(event.notify !== undefined ? { notify: event.notify } : {}) }]
    : []
  // The context a person acts on, never the whole document (it can hold 500 hits per event name).
  // The store pairs each kind with its event (noticeKind), so the kind narrows the event.
  const notice = {
    kind, journeyId, userId, event, levels: pending.levels ?? own,
    done: Object.keys(progress.steps).filter((id) => progress.steps[id]?.done !== undefined),
    ...(traits ? { traits } : {}),
    ...(view.scope == 'account' ? { account: { id: userId, traits: view.traits } } : view.account ? { account: { id: view.account.id, traits: view.account.traits ?? {} } } : {}),
    ...(context.members ? { members: context.members } : {}),
    ...(event.type === 'owner' ? { owner: { reason: event.reason, notify: event.notify } } : {}),
  } as Notice
  if (stepId) {
    const to = text(props.to)
    const note = text(props.note)
    notice.step = { id: stepId, ...(to ? { to } : {}), ...(note ? { note } : {}) }
  }
  const journey = await Promise.resolve(journeys?.(journeyId)).catch(() => undefined)
  if (!journey) return notice
  if (event.type === 'escalation') {
    // Level n is the nudge's escalate[n - 1]; each covered level keeps its own words.
    const ladder = journey.nudges?.find((n) => n.id === event.nudgeId)?.escalate
    const words = (level: number) => {
      const message = text(ladder?.[level - 1]?.message)
      return message ? { message } : {}
    }
    notice.levels = notice.levels.map((l) => ({ ...l, ...words(l.level) }))
    Object.assign(notice, words(event.level))
  }
  try {
    const state = stateOf(journey, userId, progress, view, now)
    notice.done = state.milestones.flatMap((m) => m.steps.filter((s) => s.done).map((s) => s.id))
    const milestoneId = event.type === 'escalation' || event.type === 'owner' ? event.milestoneId : undefined
    const m = state.milestones.find((x) => x.id === milestoneId || (stepId && x.steps.some((s) => s.id === stepId)))
    if (m) {
      const { id, title, status, reason, percent, dueAt, daysLeft } = m
      notice.milestone = { id, title, status, reason, percent, dueAt, daysOverdue: Math.max(0, -(daysLeft ?? 0)) }
      const step = m.steps.find((s) => s.id === stepId)
      if (step && notice.step) notice.step.title = step.title
    }
  } catch {
    // A journey the engine cannot read still lets the notice go out, without the milestone.
  }
  return notice
}

/**
 * A notice as it was when it was made, however late it is sent: the clock is the event's `at` (the
 * server's for the watch's levels and owner notices, the client's for a batch's), the documents
 * (the user's or account's, and a user's account) are as of that moment (`asOf`: what came later
 * left out). So every try of one notice posts the same body, and it never contradicts itself (an
 * overdue level told as "done"). An owner's `completed`, stamped by the server when the completing
 * batch came, also counts records up to `MAX_SKEW_MS` later (a client's clock may run that far
 * ahead of the server's). A document reset since (a higher epoch) no longer holds what was known:
 * the notice goes out without `milestone`, with `done` empty.
 */
export const describeNoticeAsMade = async (
  pending: PendingNotice, progress: Progress, journeys?: JourneyLookup, context: NoticeContext = {},
): Promise<Notice> => {
  const { event } = pending
  const at = event.at
  const cut = event.type === 'owner' && event.reason === 'completed' ? at + MAX_SKEW_MS : at
  if (event.epoch !== undefined && progress.epoch > event.epoch) {
    return describeNotice(pending, emptyProgress(progress.userId), at, undefined, context)
  }
  const account = context.view?.account
  const view = context.view && account ? { ...context.view, account: { ...account, progress: asOf(account.progress, cut) } } : context.view
  return describeNotice(pending, asOf(progress, cut), at, journeys, { ...context, ...(view ? { view } : {}) })
}
