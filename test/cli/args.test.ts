// Command-line options: values, flags, and clear errors for the rest.
import { describe, expect, it } from 'vitest'
import { parseArgs } from '../../src/cli/args'

const spec = { days: 'value', traits: 'value', help: 'flag' } as const

describe('parseArgs', () => {
  it('reads values after the option or after "=", flags, and file names in order', () => {
    expect(parseArgs(['a.json', '--days', '7', '--traits={"a":1}', 'b.json', '--help'], spec)).toEqual({
      positional: ['a.json', 'b.json'], options: { days: '7', traits: '{"a":1}', help: true },
    })
  })

  it('treats -h as --help, "-" as a file name, and everything after "--" as file names', () => {
    expect(parseArgs(['-h', '-', '--', '--days'], spec)).toEqual({ positional: ['-', '--days'], options: { help: true } })
  })

  it('takes a value that starts with one dash', () => {
    expect(parseArgs(['--days', '-1'], spec)).toEqual({ positional: [], options: { days: '-1' } })
  })

  it.each<[string[], string]>([
    [['--trait', '{}'], 'unknown option --trait (did you mean --traits?)'],
    [['--colour'], 'unknown option --colour'],
    [['--days'], 'option --days needs a value'],
    [['--days', '--help'], 'option --days needs a value'],
    [['--help=yes'], 'option --help takes no value'],
    [['-days', '3'], 'write --days with two dashes'],
  ])('refuses %j', (argv, fail) => {
    expect(parseArgs(argv, spec)).toEqual({ fail, code: 2, usage: true })
  })
})
