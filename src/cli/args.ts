// Command-line options: `--name value`, `--name=value`, flags, and `--` before file names that start with "-".
import { type Failure, usage } from './io'
import { didYouMean } from './nearest'

/** Option name → whether it takes a value (`'value'`) or is a flag (`'flag'`). */
export type OptionSpec = Readonly<Record<string, 'value' | 'flag'>>

export interface Args {
  /** File names and other arguments that are not options, in order. */
  positional: string[]
  /** Options given: a value, or `true` for a flag. The last one wins when repeated. */
  options: Record<string, string | true>
}

/**
 * Splits `argv` by `spec`. An unknown option, or a value missing after one that needs it, is a
 * Failure with exit code 2. `-h` means `--help`.
 * @example parseArgs(['a.json', '--days', '7'], { days: 'value' }) // { positional: ['a.json'], options: { days: '7' } }
 */
export const parseArgs = (argv: readonly string[], spec: OptionSpec): Args | Failure => {
  const out: Args = { positional: [], options: {} }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    if (a == '--') {
      out.positional.push(...argv.slice(i + 1))
      break
    }
    if (a == '-h') {
      out.options.help = true
      continue
    }
    if (!a.startsWith('-') || a == '-') {
      out.positional.push(a)
      continue
    }
    const eq = a.indexOf('=')
    const name = a.slice(a.startsWith('--') ? 2 : 1, eq < 0 ? undefined : eq)
    const kind = Object.hasOwn(spec, name) ? spec[name] : undefined
    if (!kind) return usage(`unknown option ${a.slice(0, eq < 0 ? undefined : eq)}` + didYouMean(name, Object.keys(spec), (n) => '--' + n))
    if (!a.startsWith('--')) return usage(`write --${name} with two dashes`)
    if (kind == 'flag') {
      if (eq >= 0) return usage(`option --${name} takes no value`)
      out.options[name] = true
    } else if (eq >= 0) out.options[name] = a.slice(eq + 1)
    else if (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) out.options[name] = argv[++i]!
    else return usage(`option --${name} needs a value`)
  }
  return out
}
