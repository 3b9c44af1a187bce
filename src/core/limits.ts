/** Documented caps: past them a journey gets an error and progress keeps the earliest entries. */
export const LIMITS = {
  milestones: 500,
  stepsPerMilestone: 200,
  steps: 10_000,
  nudges: 200,
  stages: 100,
  /** Characters in an id. Ids match `^[A-Za-z0-9][A-Za-z0-9_.:-]*$`. */
  idLength: 100,
  /** Characters in a title, label, selector or URL. */
  textLength: 1_000,
  /** Characters in a description or card body. */
  bodyLength: 10_000,
  /** Nesting of `all` / `any`. */
  conditionDepth: 8,
  /** Largest `count` on an event condition. */
  count: 100,
  /** Tracked events kept per event name (earliest first). */
  hitsPerEvent: 500,
  /** Props kept on a tracked event (the first ones), and characters in a prop's key or text. */
  props: 20,
  propLength: 500,
  /** Sessions kept (latest first). */
  sessions: 100,
  /** Distinct URLs, clicks and visible selectors kept each. */
  places: 1_000,
  /** Distinct tracked event names kept (earliest first hit). Steps and nudges kept: `steps`, `nudges`. */
  trackNames: 500,
  /** Shows kept per nudge (earliest): as many as the largest `maxShows`. */
  shows: 1_000,
  /** Escalations kept (earliest). */
  escalations: 1_000,
  /** Tours in a journey, and kept in progress (by id). */
  tours: 100,
  /** Steps of one tour. */
  tourSteps: 50,
} as const

/** One day in milliseconds: "day N" is N whole days after the start. */
export const DAY = 86_400_000
