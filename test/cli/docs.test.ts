// The PM docs run: every journey in them validates, every command shown prints what is shown,
// and every recipe they name is a file in examples/journeys/.
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { run } from '../../src/cli/run'
import { validateJourney } from '../../src/core/index'
import { memoryIo } from './helpers'

const root = new URL('../../', import.meta.url)
const read = (path: string) => readFileSync(new URL(path, root), 'utf8')
const DOCS = ['docs/first-journey.md', 'docs/recipes.md', 'docs/cli.md', 'docs/journey-reference.md']

/** A fenced block: its language, its text, and the HTML comment just before it (if any). */
const blocks = (md: string) =>
  [...md.matchAll(/(?:<!-- (.+?) -->\n)?```(\w*)\n([\s\S]*?)```/g)].map(([, note, lang, text]) => ({ note: note ?? '', lang: lang!, text: text! }))

/** Splits a shell command line: words, and 'single-quoted' strings. */
const words = (line: string) => [...line.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]!)

/**
 * Walks a page in order: `<!-- file: name -->` blocks become files, each console block's
 * `$ npx milepost …` runs against them (and the repository's files) and must print the rest.
 */
const sessions = (md: string) => {
  const files: Record<string, string> = {}
  const runs: { command: string; expected: string; actual: string }[] = []
  for (const b of blocks(md)) {
    const file = /^file: ([^\s,]+)/.exec(b.note)?.[1]
    if (file) files[file] = b.text
    if (b.lang != 'console') continue
    const [first, ...rest] = b.text.split('\n')
    const argv = words(first!.replace(/^\$ npx milepost /, ''))
    const m = memoryIo(files, false, true)
    run(argv, m.io)
    runs.push({ command: first!, expected: rest.join('\n'), actual: m.out() + m.err() })
  }
  return runs
}

describe.each(DOCS)('%s', (doc) => {
  const md = read(doc)

  it('shows only journeys that validate without an issue, except those marked broken on purpose', () => {
    const journeys = blocks(md).filter((b) => b.lang == 'json' && /"version"\s*:/.test(b.text))
    const wrong = journeys.flatMap((b) => {
      const issues = validateJourney(JSON.parse(b.text)).issues
      const broken = b.note.includes('broken on purpose')
      return broken == !!issues.length ? [] : [`${broken ? 'not broken' : JSON.stringify(issues)}: ${b.text.slice(0, 80)}`]
    })
    expect(wrong).toEqual([])
  })

  it('prints what it shows for every command', () => {
    for (const r of sessions(md)) expect(r.actual, r.command).toBe(r.expected)
  })
})

describe('docs/recipes.md', () => {
  const md = read('docs/recipes.md')
  const linked = [...md.matchAll(/\]\(\.\.\/examples\/journeys\/([\w-]+\.json)\)/g)].map((m) => m[1])

  it('links every journey in examples/journeys/, and only files that exist', () => {
    const files = readdirSync(new URL('examples/journeys/', root)).filter((f) => f.endsWith('.json'))
    expect([...new Set(linked)].sort()).toEqual(files.sort())
  })
})

describe('docs/cli.md', () => {
  it('shows --format json output as the command prints it (the days and milestones it picks)', () => {
    const md = read('docs/cli.md')
    const sample = blocks(md).find((b) => b.lang == 'json' && b.text.includes('"eventsAfterLastDay"'))!
    const shown = JSON.parse(sample.text)
    const m = memoryIo({ 'events.jsonl': blocks(md).find((b) => b.note == 'file: events.jsonl')!.text }, false, true)
    expect(run(['simulate', 'examples/journeys/stalled-recovery.json', '--traits', JSON.stringify(shown.traits), '--events', 'events.jsonl',
      '--days', '10', '--format', 'json'], m.io)).toBe(0)
    const all = JSON.parse(m.out())
    const ids = new Set(shown.days[0].milestones.map((x: { id: string }) => x.id))
    const days = all.days.filter((d: { day: number }) => d.day == shown.days[0].day)
      .map((d: { milestones: { id: string }[] }) => ({ ...d, milestones: d.milestones.filter((x) => ids.has(x.id)) }))
    expect({ ...all, days }).toEqual(shown)
  })

  it('documents every option of the commands', () => {
    const md = read('docs/cli.md')
    const help = memoryIo()
    run(['help', 'simulate'], help.io)
    run(['help', 'validate'], help.io)
    const options = [...new Set([...help.out().matchAll(/^ {2}(--[a-z]+)/gm)].map((m) => m[1]!))]
    expect(options.length).toBeGreaterThan(5)
    expect(options.filter((o) => !md.includes('`' + o))).toEqual([])
  })
})
