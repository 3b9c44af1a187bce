/**
 * The journey format, version 1, and the shapes the engine reads and returns.
 * `schema.json` describes the same format for editors; test/core/schema-drift.test.ts keeps them equal.
 */

/** A trait value as given by the host: `identify(id, { plan: "pro", seats: 12 })`. */
export type TraitValue = string | number | boolean | null
export type Traits = Readonly<Record<string, TraitValue | undefined>>

/** Conditions on one trait; every key given must hold. A bare value means `equals`. */
export interface TraitCondition {
  equals?: TraitValue
  in?: readonly TraitValue[]
  /** Numbers compare as numbers, strings (e.g. ISO dates) as strings. */
  gte?: number | string
  lte?: number | string
  exists?: boolean
  not?: TraitCondition | TraitValue
}

/** Which users get a milestone, step or nudge: every trait listed must match. */
export type Audience = Readonly<Record<string, TraitCondition | TraitValue>>

/** How a step completes by itself. */
export type Completion =
  | { event: string; count?: number; where?: Readonly<Record<string, TraitValue>> }
  | { url: string }
  | { click: string }
  | { visible: string }
  | { manual: true }
  /** Done once the tour of this id has been completed (its last step passed). */
  | { tour: string }
  | { all: readonly Completion[] }
  | { any: readonly Completion[] }

export type ResourceKind = 'guide' | 'video' | 'article' | 'call' | 'link'

export interface Resource {
  title: string
  url: string
  kind?: ResourceKind
}

/** A call to action: a link (`href`) or a named action the host receives through `on('action')`. */
export interface Cta {
  label: string
  href?: string
  action?: string
  /** Starts the tour of this id. */
  tour?: string
}

export type Placement = 'top' | 'bottom' | 'left' | 'right'
  | 'top-start' | 'top-end' | 'bottom-start' | 'bottom-end'
  | 'left-start' | 'left-end' | 'right-start' | 'right-end'

export interface Tooltip {
  target: string
  text: string
  /** @default "bottom" */
  placement?: Placement
  /** Shown as a pulsing beacon on the target first; a click or Enter opens the tooltip. @default false */
  hotspot?: boolean
}

export interface Step {
  id: string
  title: string
  description?: string
  /** @default { manual: true } */
  completeWhen?: Completion
  /** Optional steps do not hold a milestone back. @default false */
  optional?: boolean
  audience?: Audience
  cta?: Cta
  tooltip?: Tooltip
  resources?: readonly Resource[]
  /** `account`: done for every member of the account once any member does it. @default its milestone's scope */
  scope?: Scope
}

/**
 * Whose progress a milestone or step is: `user` (each person's own) or `account` (shared by every
 * member of the user's account: done once any member does it, due from the account's start, nudged
 * and escalated once per account).
 */
export type Scope = 'user' | 'account'

/** `{ day: 7 }`: 7 whole days after the journey start; `{ date }`: an ISO date-time. */
export type Due = { day: number } | { date: string }

export interface Milestone {
  id: string
  title: string
  description?: string
  stage?: string
  due?: Due
  dependsOn?: readonly string[]
  audience?: Audience
  /**
   * Before any required step is resolved, the milestone is at risk once no more than this share of
   * its window (from when it can start to its due) is left; the last calendar day always is.
   * @default the journey's `atRiskShare`, else 1/3
   */
  atRiskShare?: number
  steps: readonly Step[]
  /** `account`: the milestone and its steps are shared by the account's members. @default "user" */
  scope?: Scope
  /** Who owns the outcome: a route name the backend maps to a person (like a nudge's `notify`). */
  owner?: string
  /** More route names told with the owner: on completion, on the due-soon reminder and on overdue. */
  collaborators?: readonly string[]
}

export interface Stage {
  id: string
  title: string
  /** Lifecycle phases: the journey days this stage spans, e.g. introduction 0–30. */
  days?: { from: number; to?: number }
}

/** Signals a nudge listens for; combine with `all` / `any`. */
export type Signal =
  | { stalled: { milestone: string; days: number } }
  | { missed: { milestone: string } }
  | { dueSoon: { milestone: string; days: number } }
  | { day: { day: number } }
  | { progress: { stage?: string; min?: number; max?: number } }
  | { engagement: { days: number; minSessions?: number; maxSessions?: number } }
  | { sessionsWithoutProgress: { count: number } }
  | { inactive: { days: number } }
  /** Contextual: a page visited, an element seen, a click or a tracked event (a step condition); holds since it first was. */
  | { seen: Completion }
  | { all: readonly Signal[] }
  | { any: readonly Signal[] }

export type SignalKind = 'stalled' | 'missed' | 'dueSoon' | 'day' | 'progress'
  | 'engagement' | 'sessionsWithoutProgress' | 'inactive' | 'seen'

export interface NudgeAction {
  label: string
  href?: string
  action?: string
  /** Starts the tour of this id. */
  tour?: string
}

export interface NudgeCard {
  title: string
  body?: string
  /** The goal this nudge serves, in words: "Get your first report by day 7". */
  goal?: string
  resources?: readonly Resource[]
  actions?: readonly NudgeAction[]
}

export interface Escalation {
  /** Days after the signal first held. */
  afterDays: number
  /** Who is told: "csm", "leadership", "in-app", or any name the backend routes. */
  notify: string
  /** Optional words for the receiver. */
  message?: string
}

export interface Nudge {
  id: string
  when: Signal
  audience?: Audience
  card?: NudgeCard
  tooltip?: Tooltip
  escalate?: readonly Escalation[]
  /** At most this many shows in all. @default unlimited */
  maxShows?: number
  /** At least this many days between two shows. @default 1 */
  everyDays?: number
  /** "Remind me later" hides it for this many days. @default 1 */
  snoozeDays?: number
  /** Higher first when several apply; file order breaks ties. @default 0 */
  priority?: number
}

export interface Journey {
  $schema?: string
  version: 1
  id: string
  title: string
  description?: string
  /** Where day 0 comes from: a date trait such as `signedUpAt`, else when the user was first seen. */
  start?: { trait: string }
  /** The default `atRiskShare` of its milestones: 0–1. @default 1/3 */
  atRiskShare?: number
  stages?: readonly Stage[]
  milestones: readonly Milestone[]
  nudges?: readonly Nudge[]
  /** At most this many nudges shown to a user per session (since it began) and per day (24 hours), all nudges together. */
  nudgeCap?: { perSession?: number; perDay?: number }
  /** Step-by-step guided tours (see tours.ts). */
  tours?: readonly Tour[]
}

/** One step of a tour: a dialog next to `target`, or centred without one. */
export interface TourStep {
  /** CSS selector; `host >>> inner` crosses open shadow roots. Without it the step shows centred. */
  target?: string
  title?: string
  text: string
  /** @default "bottom" */
  placement?: Placement
  /** The step waits for this (a click, an event, a URL, an element visible) and then moves on by itself. */
  advanceOn?: Completion
}

export interface Tour {
  id: string
  title: string
  steps: readonly TourStep[]
  /** Starts the tour by itself the first time this is seen (it never started before). */
  startWhen?: Completion
  /**
   * Starts the tour by itself the first time this signal holds (a nudge's `when`: stalled, day N,
   * missed, due soon, a progress band…), if it never started before.
   */
  startOn?: Signal
  /** Dims the page around each step's target. @default false */
  spotlight?: boolean
  audience?: Audience
}

export type TourAction = 'started' | 'step' | 'completed' | 'dismissed'

// ---------------------------------------------------------------------------------------------
// Validation

export type Severity = 'error' | 'warning'

export interface Issue {
  /** JSON path of the offending value: `milestones[1].steps[0].completeWhen.event`. */
  path: string
  message: string
  severity: Severity
}

export interface ValidationResult {
  /** Present when there are no errors (warnings allowed). */
  journey?: Journey
  issues: Issue[]
}

// ---------------------------------------------------------------------------------------------
// Events and progress

/** Fields every event carries. `at` is epoch milliseconds. */
export interface EventBase {
  /** Unique per event: the same id applied twice counts once. */
  id: string
  at: number
  /** Reset generation the event belongs to; events of an older epoch are ignored. @default current */
  epoch?: number
}

export type ProgressEvent = EventBase & (
  | { type: 'track'; name: string; props?: Readonly<Record<string, unknown>> }
  | { type: 'complete'; stepId: string }
  | { type: 'skip'; stepId: string }
  | { type: 'url'; url: string }
  | { type: 'click'; selector: string }
  | { type: 'visible'; selector: string }
  | { type: 'session'; sessionId: string }
  | { type: 'nudge'; nudgeId: string; action: 'shown' | 'clicked' | 'dismissed' | 'snoozed'; until?: number }
  | { type: 'escalation'; nudgeId: string; milestoneId?: string; level: number; notify?: string }
  /** A tour moved: `seq` orders a tour's events (each is one more than the last the writer saw), `step` its index. */
  | { type: 'tour'; tourId: string; action: TourAction; step?: number; seq: number }
  | { type: 'reset' }
)

export type ProgressEventType = ProgressEvent['type']

/** One tracked event kept for step conditions: its id, time and props. */
export interface Hit {
  id: string
  at: number
  props?: Readonly<Record<string, unknown>>
}

export interface StepRecord {
  /** Earliest completion time (by hand or materialised from a condition). */
  done?: number
  /** Earliest skip time. */
  skipped?: number
}

export interface NudgeRecord {
  /** Each show by event id → time: a grow-only set, so shows from two tabs both count. */
  shown: Record<string, number>
  clicked?: number
  dismissed?: number
  /** Last-writer-wins register: [value, at]. */
  snoozed?: [until: number, at: number]
}

/**
 * Where a tour stands. `last` is a last-writer-wins register [seq, at, action, step]: the higher
 * seq wins, then the later at, then the greater action and step, so replicas agree.
 */
export interface TourRecord {
  last: [seq: number, at: number, action: TourAction, step: number]
  /** Earliest completion. */
  done?: number
}

/**
 * A user's progress on one journey: a state-based CRDT. `mergeProgress` is commutative,
 * associative and idempotent; completions keep their earliest time; a higher `epoch` (reset) wins.
 */
export interface Progress {
  v: 1
  userId: string
  epoch: number
  /** Earliest and latest time anything was seen. */
  firstSeen?: number
  lastSeen?: number
  steps: Record<string, StepRecord>
  /** Tracked events by name, earliest first, capped (see `LIMITS`). */
  tracks: Record<string, Hit[]>
  /** URL (path + search + hash) → earliest visit. */
  urls: Record<string, number>
  /** Selector → earliest click on a matching element. */
  clicks: Record<string, number>
  /** Selector → earliest time a matching element was visible. */
  visible: Record<string, number>
  /** Session id → start time; the latest ones kept. */
  sessions: Record<string, number>
  nudges: Record<string, NudgeRecord>
  /** `nudgeId:milestoneId:level` → when that escalation was emitted. Once each. */
  escalations: Record<string, number>
  /** Tour id → where it stands; absent until a tour is first started. */
  tours?: Record<string, TourRecord>
}

// ---------------------------------------------------------------------------------------------
// Evaluation

export type MilestoneStatus = 'done' | 'on-track' | 'at-risk' | 'overdue' | 'blocked'
export type Colour = 'green' | 'amber' | 'red'

export interface EvaluateOptions {
  /** Epoch milliseconds: the engine never reads the clock. */
  now: number
  traits?: Traits
  /**
   * IANA time zone the user's calendar days are counted in ("Due tomorrow"), or `"local"`: the zone
   * of the machine it runs on, read through `Date` (the browser runtime's choice: no Intl data to
   * load at start). @default "UTC"
   */
  timeZone?: string
  /**
   * The user's account: its shared document (a `Progress` whose `userId` is the account id) and its
   * traits. Account-scope steps read it beside the user's own; audiences read its traits as `account.<name>`.
   */
  account?: AccountContext
}

/** The account a user evaluates with: `EvaluateOptions.account`. */
export interface AccountContext {
  id: string
  /** The account's document: an ordinary `Progress` whose `userId` holds the account id. */
  progress: Progress
  traits?: Traits
}

export interface StepState {
  id: string
  title: string
  done: boolean
  /** When it was done, or null. */
  doneAt: number | null
  skipped: boolean
  optional: boolean
  manual: boolean
  /** The colleague the step was last handed to ("Ask a teammate"), or null. */
  handedTo: string | null
  step: Step
}

/** Moments (epoch ms) from which a milestone that is not done has a colour, if nothing is done meanwhile; null: never. */
export interface ColourTimes {
  /** At risk (amber) from here on, unless red by then. Null while it waits for a dependency. */
  amberFrom: number | null
  /** Overdue from here on: the first millisecond after its due. */
  overdueFrom: number | null
  /** Blocked from here on: a dependency that is not done is red, or this one is late while one is not done. */
  blockedFrom: number | null
  /** Red (overdue or blocked) from here on. */
  redFrom: number | null
}

export interface MilestoneState {
  id: string
  title: string
  stage: string | null
  status: MilestoneStatus
  colour: Colour
  /** The status in words: "2 days overdue", "Starts after “Connect your data”". */
  reason: string
  /** 0–100, share of required steps done or skipped (100 with none). */
  percent: number
  /** Its non-optional steps in the user's audience: 0 when every step is optional (then it is done from day 0, like a milestone with no step for this audience). */
  requiredSteps: number
  /** Of those, how many are done or skipped. */
  resolvedSteps: number
  /**
   * The open dependency it waits for, while it cannot start and is not red: its status is then
   * `on-track` and its reason "Starts after “…”". Null otherwise.
   */
  waitingFor: string | null
  /** When it could start: the journey start or its last dependency done; null while it waits or in a cycle. */
  startsAt: number | null
  /** When the clock alone turns it amber or red (all null when done). */
  colourTimes: ColourTimes
  /**
   * The milestone its amber or red comes from: itself, or for one blocked by a red dependency, that
   * dependency's cause. Null while green. Figures and escalations count a slip once, at its cause.
   */
  cause: string | null
  done: boolean
  doneAt: number | null
  dueAt: number | null
  /** Calendar days until due in the user's time zone (0: due today, negative when overdue), or null without a due. */
  daysLeft: number | null
  dependsOn: readonly string[]
  /** When this milestone is projected to be done, or null without a due. */
  projectedAt: number | null
  steps: StepState[]
  milestone: Milestone
}

export interface StageState {
  id: string
  title: string
  percent: number
  milestones: string[]
}

export interface EscalationState {
  level: number
  notify: string
  message?: string
  dueAt: number
  /** Due now and not yet emitted: the runtime emits it and records it with an `escalation` event. */
  pending: boolean
}

export interface NudgeState {
  id: string
  /** The milestone the signal is about, when there is one. */
  milestone: string | null
  /** When the signal first held. */
  since: number
  /** Escalation levels reached so far: 0 = in-app only. */
  level: number
  escalations: EscalationState[]
  /**
   * Whether a card may begin to show now (caps, snooze and dismissal respected). Recording `shown`
   * counts a show, so this turns false at once (`everyDays`, `maxShows`): a card already on screen
   * stays until the user acts on it; do not take it away because `show` went false.
   */
  show: boolean
  nudge: Nudge
}

export interface JourneyState {
  journeyId: string
  title: string
  now: number
  /** Day 0 of the journey (epoch ms). */
  startedAt: number
  /** Whole days since the start. */
  day: number
  percent: number
  done: boolean
  doneAt: number | null
  /** The latest due of all milestones, or null when none has a due. */
  plannedFinish: number | null
  /** When the journey is projected to finish given the slips so far, or null. */
  projectedFinish: number | null
  /** Calendar days the projection is behind the plan (0 when on time). */
  slipDays: number
  /** `behind` when any milestone is amber or red: the headline never says on track beside one. */
  status: 'done' | 'on-track' | 'behind'
  /** The worst colour of its milestones. */
  colour: Colour
  /** The milestones that cause an amber or red (each its own `cause`): the one the slip comes from first, then red before amber, then file order. */
  behind: string[]
  /** The headline in words: "On track", "Behind: “Connect your data” is 2 days overdue; finish 3 days late". */
  headline: string
  stages: StageState[]
  /** Milestones this user's audience gets, in file order. */
  milestones: MilestoneState[]
  /** Nudges whose signal holds now, best first. */
  nudges: NudgeState[]
  /** The user hid the checklist (`checklist:dismissed`, "Hide checklist"): no launcher, no step tooltips. */
  dismissed: boolean
  /** The next step to do: first not-done step of the first open milestone whose dependencies are done. */
  next: { milestone: string; step: string } | null
  /** The account it was evaluated with, when there was one. */
  account?: { id: string }
  /** The tours in the user's audience, in file order. */
  tours: TourState[]
  /** The tour running now (the latest started), or null. */
  tour: TourState | null
}

export interface TourState {
  id: string
  /** `active`: running at `step`; `done`: completed at least once; `dismissed`: closed before its end; `idle`: never started. */
  status: 'idle' | 'active' | 'done' | 'dismissed'
  /** The step on screen while active (0-based), else 0. */
  step: number
  /** How many steps it has. */
  steps: number
  /** Earliest completion, or null. */
  doneAt: number | null
  /** The `seq` its next event carries. */
  seq: number
  /** Idle, and its `startOn` signal holds now: the runtime starts it (once: it is no longer idle then). */
  starts: boolean
  tour: Tour
}
