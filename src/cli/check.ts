// A journey file's text → its issues with line and column: JSON syntax first, then validateJourney.
import { validateJourney } from '../core/index'
import { scopeWarnings } from './scope'
import { isManual } from '../core/milestone'
import type { Issue, Journey, Severity } from '../core/index'
import { join } from '../core/validate-read'
import { pathSegments } from './issue-path'
import { parseJson } from './json-source'

/** An issue with where it is in the file. `path` is null for a JSON syntax error. */
export interface LocatedIssue {
  severity: Severity
  path: string | null
  message: string
  line: number
  column: number
}

export interface FileCheck {
  /** The clean journey, when the file has no error (warnings allowed). */
  journey?: Journey
  /** Issues in file order (line, then column). */
  issues: LocatedIssue[]
}

// An unknown or forbidden key is a mistake in the key itself, so point at the key, not its value.
const AT_KEY = /^(unknown field|forbidden key) /

/**
 * Checks a journey file's text exactly as the browser reads it (JSON.parse, then validateJourney)
 * and places each issue at the line and column of the offending value; `more` adds issues about a
 * valid journey (the changes from a previous file: changes.ts).
 * @example checkJourneyText('{"version": 2}').issues[0] // { path: 'version', line: 1, column: 13, … }
 */
export const checkJourneyText = (text: string, more?: (journey: Journey) => Issue[]): FileCheck => {
  const parsed = parseJson(text)
  if (!parsed.ok) {
    const { line, column, message } = parsed.error
    return { issues: [{ severity: 'error', path: null, message: 'invalid JSON: ' + message, line, column }] }
  }
  const { journey, issues: own } = validateJourney(parsed.source.value)
  const issues = journey ? [...own, ...scopeWarnings(journey), ...(more?.(journey) ?? [])] : own
  // A key given twice: JSON.parse (and so the browser) keeps the later value, without a word.
  const twice = parsed.source.repeated.map(({ path, at }): LocatedIssue => ({
    severity: 'warning', path: path.reduce<string>((p, k) => join(p, k), ''), ...at,
    message: `"${path.at(-1)}" is given twice in this object: the later value is used, the earlier one ignored`,
  }))
  const located = issues
    .map((i): LocatedIssue => ({ severity: i.severity, path: i.path, message: i.message, ...parsed.source.locate(pathSegments(i.path), AT_KEY.test(i.message)) }))
    .concat(twice)
    .sort((a, b) => a.line - b.line || a.column - b.column)
  return journey ? { journey, issues: located } : { issues: located }
}

/** `file:line:column path: message`, with `warning: ` before the message of a warning. */
export const formatIssue = (file: string, i: LocatedIssue): string =>
  `${file}:${i.line}:${i.column} ${i.path === null ? '' : (i.path || '(top level)') + ': '}${i.severity == 'warning' ? 'warning: ' : ''}${i.message}`

const count = (n: number, what: string) => `${n} ${what}${n == 1 ? '' : 's'}`

/**
 * Steps that complete only when the user ticks them (the core's `isManual`). Listed so a misspelt
 * condition cannot hide among them.
 */
export const manualSteps = (j: Journey): string[] =>
  j.milestones.flatMap((m) => m.steps.filter(isManual).map((s) => s.id))

/**
 * The one-line summary of a file: valid (with its size and manual steps), or how many errors and
 * warnings; with `strict`, warnings make it fail.
 */
export const summarise = (file: string, c: FileCheck, strict = false): string => {
  const errors = c.issues.filter((i) => i.severity == 'error').length
  const warnings = c.issues.length - errors
  if (!c.journey || (strict && warnings)) {
    if (c.issues[0]?.path === null) return `${file}: invalid JSON`
    const counts = [errors && count(errors, 'error'), warnings && count(warnings, 'warning')].filter(Boolean).join(', ')
    return `${file}: ${counts}` + (c.journey ? ' (--strict: warnings fail)' : '')
  }
  const j = c.journey
  // Tours are named only when the journey has some: most journeys have none.
  const size = `${count(j.milestones.length, 'milestone')}, ${count(j.milestones.reduce((n, m) => n + m.steps.length, 0), 'step')}, ${count(j.nudges?.length ?? 0, 'nudge')}` +
    (j.tours?.length ? `, ${count(j.tours.length, 'tour')} (${count(j.tours.reduce((n, t) => n + t.steps.length, 0), 'tour step')})` : '')
  const manual = manualSteps(j)
  return `${file}: valid${warnings ? `, ${count(warnings, 'warning')}` : ''} (${size})` +
    (manual.length ? `; ${count(manual.length, 'manual step')}, ticked by the user: ${manual.join(', ')}` : '')
}
