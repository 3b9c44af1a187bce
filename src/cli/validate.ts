// `milepost validate <file>…`: every issue as file:line:column path: message, then a summary line.
import type { Issue, Journey } from '../core/index'
import { parseArgs } from './args'
import { changeWarnings } from './changes'
import { checkJourneyText, formatIssue, manualSteps, summarise } from './check'
import type { FileCheck } from './check'
import { paint } from './colour'
import { VALIDATE_HELP } from './help'
import { type Io, isFailure, readText, usage } from './io'
import type { Failure } from './io'

/** Each file's result for `--format json`. */
interface JsonFile {
  file: string
  valid: boolean
  /** Why the file could not be read, when it could not. */
  error?: string
  issues: FileCheck['issues']
  /** Ids of the steps that complete only when the user ticks them (no `completeWhen`), when valid. */
  manualSteps?: string[]
}

/**
 * Checks each journey file. Exit code 0 when all are valid (warnings allowed, unless `--strict`),
 * 1 when one has an error or is not JSON (or a warning, with `--strict`), 2 when one cannot be read
 * or the command line is wrong. A `--previous` file that cannot be read or is not a valid journey is
 * a warning on stderr, and the files are checked alone.
 * @example validateCommand(['journey.json'], io) // 0, 1 or 2
 */
export const validateCommand = (argv: readonly string[], io: Io): number | Failure => {
  const args = parseArgs(argv, { help: 'flag', format: 'value', strict: 'flag', previous: 'value' })
  if (isFailure(args)) return args
  if (args.options.help) return io.out(VALIDATE_HELP), 0
  const format = args.options.format ?? 'text'
  if (format != 'text' && format != 'json') return usage(`--format must be text or json, not ${JSON.stringify(format)}`)
  if (!args.positional.length) return usage('validate needs a journey file: milepost validate journey.json')
  const strict = !!args.options.strict
  // The journey users are on now: each file's changes from it that reopen or turn red what they have are warnings.
  // A live file that cannot be read or is broken (a mistake deployed) is said once, and the files are
  // checked alone: a CI step comparing with it must not block the very fix.
  let more: ((journey: Journey) => Issue[]) | undefined
  // In JSON, whether the files were compared with it (a script reads stdout only).
  let previous: { file: string; compared: boolean; warning?: string } | undefined
  if (typeof args.options.previous == 'string') {
    const file = args.options.previous
    const text = readText(io, file, 'previous journey file')
    const c = isFailure(text) ? undefined : checkJourneyText(text)
    const live = c?.journey
    if (live) more = (journey) => changeWarnings(live, journey)
    const why = live ? '' : c ? `not a valid journey: ${formatIssue(file, c.issues.find((i) => i.severity == 'error')!)}` : (text as Failure).fail
    const warning = `not compared with --previous ${file} (${why}); each file is checked alone`
    previous = live ? { file, compared: true } : { file, compared: false, warning }
    if (!live) io.err(`milepost validate: warning: ${warning}\n`)
  }

  let code = 0
  const files: JsonFile[] = []
  for (const file of args.positional) {
    const text = readText(io, file, 'journey file')
    if (isFailure(text)) {
      code = 2
      if (format == 'json') files.push({ file, valid: false, error: text.fail, issues: [] })
      else io.err(`milepost: ${text.fail}\n`)
      continue
    }
    const c = checkJourneyText(text, more)
    const valid = !!c.journey && !(strict && c.issues.length)
    if (!valid) code = Math.max(code, 1)
    if (format == 'json') files.push({ file, valid, issues: c.issues, ...(c.journey ? { manualSteps: manualSteps(c.journey) } : {}) })
    else {
      for (const i of c.issues) io.out(formatIssue(file, i) + '\n')
      io.out(paint(io.colour, valid ? 'green' : 'red', summarise(file, c, strict)) + '\n')
    }
  }
  if (format == 'json') io.out(JSON.stringify({ valid: code == 0, files, ...(previous ? { previous } : {}) }, null, 2) + '\n')
  return code
}
