// Every word the UI shows. Hosts override any key through `strings`; `{name}` marks a value filled in.

/** The UI's default English strings. Override any of them with `mountUi(instance, { strings })`. */
export const defaultStrings = {
  /** Accessible name of the launcher and the whole widget. */
  launcher: 'Onboarding checklist',
  /** Launcher count of required steps done. */
  count: '{done}/{total}',
  close: 'Close',
  progress: 'Overall progress',
  /** Projection when on time. `{date}` is formatted with `Intl.DateTimeFormat` in `locale`. */
  onTrack: 'On track to finish by {date}',
  /** Projection when late. `{days}` reads "2 days" in `locale`. */
  behind: '{days} behind: now finishing {date}',
  /** The same when nothing says when it finishes: what is late has not been started, so the finish is no later than now only for want of a pace. */
  behindSoFar: '{days} behind so far',
  allDone: 'All done. Nice work!',
  'done': 'Done',
  'on-track': 'On track',
  'at-risk': 'At risk',
  'overdue': 'Overdue',
  'blocked': 'Blocked',
  /** A milestone that cannot start yet because an on-time dependency is open: neither amber nor red. */
  waiting: 'Waiting',
  /** `{when}` is a relative day from `Intl.RelativeTimeFormat`: "in 3 days", "tomorrow", "today". */
  due: 'Due {when}',
  overdueBy: '{days} overdue',
  /** Overdue, and due earlier today. */
  overdueToday: 'Overdue since today',
  /** Why a milestone is at risk: none of its steps done, or how far it is. */
  notStarted: 'Not started',
  percentDone: '{percent}% done',
  /** Why a milestone is waiting: the dependency it starts after. */
  startsAfter: 'Starts after “{title}”',
  /** Why a milestone is blocked: the dependency it waits for; `{status}` is that one's status in lower case. */
  waitsFor: 'Waits for “{title}”',
  waitsForLate: 'Waits for “{title}”, which is {status}',
  /** The projection while a milestone is behind but the finish has not moved: `{what}` is one of the four below. */
  behindOne: 'Behind: “{title}” {what}',
  behindMore: 'Behind: “{title}” {what} and {more} more',
  isAtRisk: 'is at risk',
  isOverdue: 'is {days} overdue',
  isOverdueToday: 'is overdue since today',
  /** A milestone due before today whose dependency is still open. */
  isLate: 'is late and still waiting',
  skipped: 'Skipped',
  optional: 'Optional',
  skip: 'Skip',
  /** Skip asks first: skipping cannot be undone. */
  skipSure: 'Skip this step?',
  skipYes: 'Skip it',
  keep: 'Keep it',
  /** Instead of a call to action that leads to the page the user is on: points its tooltip at the target. */
  showMe: 'Show me',
  ask: 'Ask a teammate',
  askWho: 'Name or email',
  askNote: 'Note (optional)',
  send: 'Send',
  cancel: 'Cancel',
  /** Who a delegated step was handed to. */
  with: 'With {name}',
  guide: 'Guide',
  video: 'Video',
  article: 'Article',
  call: 'Book a call',
  link: 'Link',
  newTab: '(opens in a new tab)',
  goal: 'Goal: {goal}',
  /** `{when}` is "tomorrow" or "in 3 days" from `Intl.RelativeTimeFormat`. */
  remind: 'Remind me {when}',
  dismiss: 'Dismiss',
  cheer: 'Milestone reached!',
  /** The celebration when the last milestone is done: the whole journey. */
  cheerAll: 'You did it!',
  cheerAllText: 'You finished “{title}”.',
  /** Under the celebration: the milestone to do next. */
  nextUp: 'Next up: {title}',
  /** The celebration's button under "Next up": closes it and opens the checklist. */
  cheerGo: 'Continue',
  rate: 'How easy was this?',
  /** Each rating button's name; the ends add `rateLow` / `rateHigh` ("1 of 5, hard"). */
  rateN: '{n} of 5',
  rateLow: 'Hard',
  rateHigh: 'Easy',
  thanks: 'Thanks for your feedback',
  tipClose: 'Got it',
  /** At the foot of the checklist: hides it on every page (asks first); the host's `open()` still opens it. */
  hide: 'Hide checklist',
  hideSure: 'Hide the checklist for good?',
  hideYes: 'Hide it',
  /** Live-region announcements. */
  saidStep: 'Done: {title}',
  saidMilestone: 'Milestone reached: {title}',
  saidSkip: 'Skipped: {title}',
  saidAsked: 'Sent to {name}',
  /** A tour step's place: "2 of 5". */
  tourOf: '{n} of {total}',
  tourNext: 'Next',
  tourBack: 'Back',
  /** The last step's Next. */
  tourDone: 'Done',
  tourClose: 'Close tour',
  /** Beside the title while `preview()` shows a made-up state (day {day} of the journey). */
  preview: 'Preview · day {day}',
}

export type UiStrings = typeof defaultStrings

/**
 * Fills `{key}` placeholders; unknown keys stay as written so a typo is visible, never thrown. With
 * `f`, numbers are written in the locale's digits (Arabic-Indic under `ar-EG`, as its dates are).
 */
export const fill = (template: string, values: Readonly<Record<string, string | number>>, f?: { num(n: number): string }): string =>
  String(template).replace(/\{(\w+)\}/g, (all, key: string) => {
    const v = values[key]
    return !(key in values) ? all : typeof v == 'number' && f ? f.num(v) : String(v)
  })
