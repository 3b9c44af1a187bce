// schema.json (for editors) and validateJourney (for the engine) describe one format: these tests keep them equal.
import { readdirSync, readFileSync } from 'node:fs'
import Ajv2020 from 'ajv/dist/2020'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { validateJourney } from '../../src/core/validate'
import { everything } from './validate-fixtures'

type Json = any // eslint-disable-line @typescript-eslint/no-explicit-any

const root = new URL('../../', import.meta.url)
const schema: Json = JSON.parse(readFileSync(new URL('src/schema.json', root), 'utf8'))
const ajv = new Ajv2020({ strict: true, allErrors: true })
const matchesSchema = ajv.compile(schema)
const dir = new URL('examples/journeys/', root)
const examples = readdirSync(dir).filter((f) => f.endsWith('.json'))
const read = (f: string): Json => JSON.parse(readFileSync(new URL(f, dir), 'utf8'))

const hasErrors = (j: unknown) => validateJourney(j).issues.some((i) => i.severity == 'error')
/** What the schema refuses outright: errors, and unknown fields (additionalProperties: false). */
const refuses = (j: unknown) => validateJourney(j).issues.some((i) => i.severity == 'error' || i.message.startsWith('unknown field'))
const clone = (): Json => JSON.parse(JSON.stringify(everything()))
const edit = (f: (j: Json) => void): Json => { const j = clone(); f(j); return j }
const step = (j: Json): Json => j.milestones[0].steps[0]
const nudge = (j: Json): Json => j.nudges[0]

describe('schema.json', () => {
  it('compiles in ajv strict mode as JSON Schema 2020-12', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema')
    expect(ajv.validateSchema(schema)).toBe(true)
    expect(typeof matchesSchema).toBe('function')
  })

  // Every entry of every `properties`, with its JSON pointer. `true` placeholders only make a
  // branch's `required` pass ajv's strictRequired; the real definition sits beside them.
  const properties = (s: Json, at = ''): [string, Json][] => {
    if (!s || typeof s != 'object') return []
    const own: [string, Json][] = s.properties && typeof s.properties == 'object'
      ? Object.entries(s.properties).filter(([, v]) => v !== true).map(([k, v]) => [`${at}/properties/${k}`, v])
      : []
    return [...own, ...Object.entries(s).flatMap(([k, v]) => properties(v, `${at}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`))]
  }
  const all = properties(schema)

  it('describes every property, with at least one example', () => {
    expect(all.length).toBeGreaterThan(80)
    const lacking = all.filter(([, p]) => typeof p.description != 'string' || !p.description || !Array.isArray(p.examples) || !p.examples.length)
    expect(lacking.map(([at]) => at)).toEqual([])
  })

  it('gives examples that are valid for their own property', () => {
    const wrong = all.flatMap(([at, p]) => {
      const check = ajv.getSchema(`${schema.$id}#${at}`)!
      return p.examples.filter((e: unknown) => !check(e)).map((e: unknown) => `${at}: ${JSON.stringify(e)}`)
    })
    expect(wrong).toEqual([])
  })

  it('refuses unknown fields, where the validator only warns unless the field is a near miss of a known one', () => {
    const custom = edit((j) => { j.milestones[0].internalNotes = 'ask Sam' })
    expect(matchesSchema(custom)).toBe(false)
    expect(hasErrors(custom)).toBe(false)
    const typo = edit((j) => { j.milestones[0].dependOn = ['b'] })
    expect([matchesSchema(typo), hasErrors(typo)]).toEqual([false, true])
    const swap = edit((j) => { step(j).resources[0].knid = 'video' })
    expect([matchesSchema(swap), hasErrors(swap)]).toEqual([false, true])
  })
})

describe('examples/journeys', () => {
  it('holds the recipes', () => {
    expect(examples).toEqual(expect.arrayContaining(['acme-onboarding.json', 'lifecycle-phases.json', 'stalled-recovery.json',
      'implementation-project.json', 'segment-plans.json']))
  })

  it.each(examples)('%s passes the schema and validateJourney with no issue', (f) => {
    const j = read(f)
    expect(j.$schema).toBe(schema.$id)
    expect(matchesSchema(j), JSON.stringify(matchesSchema.errors)).toBe(true)
    expect(validateJourney(j).issues).toEqual([])
  })

  it('the full fixture passes both too', () => {
    expect(matchesSchema(clone())).toBe(true)
    expect(validateJourney(clone()).issues).toEqual([])
  })
})

describe('broken journeys are refused by both', () => {
  it.each<[string, Json]>([
    ['version 2', edit((j) => { j.version = 2 })],
    ['no milestones', edit((j) => { j.milestones = [] })],
    ['a missing journey title', edit((j) => { delete j.title })],
    ['an id with a space', edit((j) => { j.id = 'acme onboarding' })],
    ['an id over 100 characters', edit((j) => { j.id = 'a'.repeat(101) })],
    ['a title over 1000 characters', edit((j) => { j.title = 'x'.repeat(1001) })],
    ['a step without an id', edit((j) => { delete step(j).id })],
    ['a milestone without steps', edit((j) => { j.milestones[0].steps = [] })],
    ['a javascript: cta', edit((j) => { step(j).cta = { label: 'x', href: 'javascript:alert(1)' } })],
    ['a mixed-case scheme after spaces', edit((j) => { step(j).cta = { label: 'x', href: ' JavaScript:alert(1)' } })],
    ['a data: resource', edit((j) => { step(j).resources[0].url = 'data:text/html,x' })],
    ['a protocol-relative action href', edit((j) => { nudge(j).card.actions[0].href = '//evil.example' })],
    ['a cta with href and action', edit((j) => { step(j).cta = { label: 'x', href: '/a', action: 'b' } })],
    ['a completion with two kinds', edit((j) => { step(j).completeWhen = { url: '/a', click: '#b' } })],
    ['an empty all', edit((j) => { step(j).completeWhen = { all: [] } })],
    ['count 0', edit((j) => { step(j).completeWhen = { event: 'e', count: 0 } })],
    ['an event named constructor (progress keeps no record by that name)', edit((j) => { step(j).completeWhen = { event: 'constructor' } })],
    ['an event named __proto__', edit((j) => { step(j).completeWhen = { event: '__proto__' } })],
    ['a step id prototype', edit((j) => { step(j).id = 'prototype' })],
    ['manual false', edit((j) => { step(j).completeWhen = { manual: false } })],
    ['a due with day and date', edit((j) => { j.milestones[0].due = { day: 3, date: '2026-12-01' } })],
    ['a due date without an offset', edit((j) => { j.milestones[1].due = { date: '2026-12-01T09:00' } })],
    ['a due date on February 30', edit((j) => { j.milestones[1].due = { date: '2026-02-30' } })],
    ['a cta href with a C1 control', edit((j) => { step(j).cta = { label: 'x', href: '/a\u0085b' } })],
    ['a resource url with a line separator', edit((j) => { step(j).resources[0].url = '/a\u2028b' })],
    ['a tour step that waits for manual', edit((j) => { j.tours[0].steps[0].advanceOn = { manual: true } })],
    ['a tour step that waits for a tour inside all', edit((j) => { j.tours[0].steps[1].advanceOn = { all: [{ event: 'a' }, { tour: 't1' }] } })],
    ['a tour that starts when manual', edit((j) => { j.tours[0].startWhen = { manual: true } })],
    ['a tour that starts on a tour deep inside any', edit((j) => { j.tours[0].startWhen = { any: [{ url: '/a' }, { all: [{ click: '#b' }, { tour: 't1' }] }] } })],
    ['a due day past 3650', edit((j) => { j.milestones[0].due = { day: 3651 } })],
    ['an unknown placement', edit((j) => { step(j).tooltip.placement = 'middle' })],
    ['an unknown resource kind', edit((j) => { step(j).resources[0].kind = 'podcast' })],
    ['a signal with two kinds', edit((j) => { nudge(j).when = { day: { day: 1 }, inactive: { days: 2 } } })],
    ['a progress max over 100', edit((j) => { nudge(j).when = { progress: { max: 101 } } })],
    ['engagement over 0 days', edit((j) => { nudge(j).when = { engagement: { days: 0 } } })],
    ['a nudge with nothing to show', edit((j) => { delete j.nudges[1].escalate })],
    ['maxShows 0', edit((j) => { nudge(j).maxShows = 0 })],
    ['an escalation without notify', edit((j) => { delete nudge(j).escalate[0].notify })],
    ['an empty trait condition', edit((j) => { j.milestones[0].audience.seats = {} })],
    ['an empty trait name', edit((j) => { j.milestones[0].audience[''] = 'pro' })],
    ['an array as a trait value', edit((j) => { j.milestones[0].audience.plan = ['pro'] })],
    ['a "__proto__" audience key', JSON.parse(JSON.stringify(everything()).replace('"plan":"pro"', '"__proto__":"pro"'))],
    ['a "constructor" where key', edit((j) => { step(j).completeWhen.where = { constructor: 1 } })],
    ['a "__proto__" step key', JSON.parse(JSON.stringify(everything()).replace('"id":"a1"', '"id":"a1","__proto__":{}'))],
    ['a stage days span without from', edit((j) => { j.stages[0].days = { to: 3 } })],
    ['a root that is an array', []],
  ])('%s', (_, j) => {
    expect(hasErrors(j)).toBe(true)
    expect(matchesSchema(j)).toBe(false)
  })

  // Rules JSON Schema cannot express, so editors miss them and only the validator catches them.
  it.each<[string, Json]>([
    ['a duplicate step id', edit((j) => { j.milestones[1].steps[0].id = 'a1' })],
    ['an unknown dependency', edit((j) => { j.milestones[1].dependsOn = ['zz'] })],
    ['a dependency cycle', edit((j) => { j.milestones[0].dependsOn = ['b'] })],
    ['a progress band upside down', edit((j) => { j.nudges[1].when = { progress: { min: 70, max: 30 } } })],
    ['an audience range upside down', edit((j) => { j.milestones[0].audience.seats = { gte: 50, lte: 5 } })],
    ['a CSS selector no browser accepts', edit((j) => { j.milestones[0].steps[0].tooltip.target = '#t[' })],
  ])('only the validator refuses %s', (_, j) => {
    expect(hasErrors(j)).toBe(true)
    expect(matchesSchema(j)).toBe(true)
  })
})

describe('the schema and the validator agree on', () => {
  const paths = (v: Json, at: (string | number)[] = []): (string | number)[][] =>
    v && typeof v == 'object' ? [at, ...Object.keys(v).flatMap((k) => paths(v[k], [...at, Array.isArray(v) ? +k : k]))] : [at]
  const set = (j: Json, path: (string | number)[], value: unknown) => {
    let o = j
    for (const k of path.slice(0, -1)) o = o[k]
    if (value === undefined) Array.isArray(o) ? o.splice(path.at(-1) as number, 1) : delete o[path.at(-1)!]
    else o[path.at(-1)!] = value
    return j
  }
  // Ids, references (a milestone, a stage, a tour), min ≤ max (gte ≤ lte) and CSS selectors' syntax are what the schema cannot check:
  // leave out the values that are or hold them (removing a milestone removes an id that others refer to).
  const unchecked = ['id', 'milestone', 'stage', 'dependsOn', 'tour', 'min', 'max', 'minSessions', 'maxSessions', 'from', 'to', 'gte', 'lte', 'click', 'visible', 'target']
  const holdsIds = (v: Json): boolean => !!v && typeof v == 'object' && Object.keys(v).some((k) => k == 'id' || holdsIds(v[k]))
  const at = (j: Json, path: (string | number)[]) => path.reduce((o, k) => o[k], j)
  const free = paths(clone()).filter((p) => p.length && !holdsIds(at(clone(), p)) &&
    !p.some((k) => typeof k == 'string' && unchecked.includes(k)))

  it('removing any one field', () => {
    const disagree = free.filter((p) => {
      const j = set(clone(), p, undefined)
      return matchesSchema(j) == refuses(j)
    })
    expect(disagree.map((p) => p.join('.'))).toEqual([])
  })

  it('random values anywhere', () => {
    fc.assert(fc.property(fc.constantFrom(...free), fc.jsonValue(), (path, value) => {
      const j = set(clone(), path, JSON.parse(JSON.stringify(value ?? null)))
      expect(matchesSchema(j), JSON.stringify([path, value, validateJourney(j).issues, matchesSchema.errors])).toBe(!refuses(j))
    }), { numRuns: Number(process.env.DRIFT_RUNS ?? 300) })
  })

  const tiny = (href: string) => ({ version: 1, id: 'j', title: 'J',
    milestones: [{ id: 'm', title: 'M', steps: [{ id: 's', title: 'S', cta: { label: 'Go', href } }] }] })
  const scheme = fc.constantFrom('', 'http', 'HTTPS', 'javascript', 'data', 'a', ' ', '\t', '/', '\\', '.', '?', '#')
  const rest = fc.constantFrom('', ':', '://', ':/', '//', '/', 'x', ' ', '\n')
  // Characters where URL rules differ: controls, spaces of all kinds, slashes, scheme characters, astral.
  const char = fc.constantFrom('\0', '\t', '\n', '\x1f', '\x7f', '\x80', '\x85', '\x9b', '\x9f', ' ', '\u00a0', '\u2028', '\u2029',
    '\u200b', '\ufeff', ':', '/', '\\', '.', '+', '-', 'a', 'Z', '0', '?', '#', '%', '\u00e9', '\ud83d\ude00')
  it('random URLs', () => {
    fc.assert(fc.property(scheme, rest, fc.string({ unit: char, maxLength: 12 }), (a, b, c) => {
      const j = tiny(a + b + c)
      expect(matchesSchema(j), JSON.stringify(a + b + c)).toBe(!hasErrors(j))
    }), { numRuns: 1000 })
  })

  it.each([
    ['/reports'], ['./a'], ['../b'], ['?q=1'], ['#x'], ['a/b'], ['https://x.example'], ['HTTP://x.example'],
    ['javascript:x'], [' /x'], ['//x'], ['/\\x'], ['data:x'], ['mailto:a@b.c'], ['http:/x'], ['https://'], ['tel:1'],
    ['\u0000/x'], ['/a\nb'], ['ftp://x'], ['a:b'], ['./a:b'],
  ])('the URL %j', (url) => {
    const j = edit((j) => { step(j).cta = { label: 'Go', href: url } })
    expect(matchesSchema(j)).toBe(!hasErrors(j))
  })

  it('URLs with C1 controls, line or paragraph separators (refused), or other non-ASCII (accepted)', () => {
    const both = (url: string) => {
      const j = edit((j) => { step(j).cta = { label: 'Go', href: url } })
      return [matchesSchema(j), hasErrors(j)]
    }
    for (const url of ['/a\u0085b', 'https://x.example/\u009b', '/\u0080', '/a\u2028b', '\u2029/x']) expect(both(url), JSON.stringify(url)).toEqual([false, true])
    for (const url of ['/a\u00a0b', '/\u00e9', '/\u00ff']) expect(both(url), JSON.stringify(url)).toEqual([true, false])
  })

  it.each([
    ['2026-12-01'], ['2026-12-01T09:00Z'], ['2026-12-01T09:00:00.123+05:30'], ['2026-12-01T09:00'], ['2026-12-01 09:00Z'],
    ['01/12/2026'], ['2026-12-01T09:00:00.1234Z'], ['2026-02-30'], ['2026-02-29'], ['2024-02-29'], ['2000-02-29'], ['1900-02-29'],
    ['0000-02-29'], ['2026-04-31T17:00:00Z'], ['2026-04-30T17:00:00Z'], ['2026-13-01'], ['2026-00-01'], ['2026-12-00'], ['2026-12-31'],
  ])('the due date %j', (date) => {
    const j = edit((j) => { j.milestones[1].due = { date } })
    expect(matchesSchema(j)).toBe(!hasErrors(j))
  })
})
