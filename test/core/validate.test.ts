import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { LIMITS } from '../../src/core/limits'
import type { Issue } from '../../src/core/types'
import { validateJourney } from '../../src/core/validate'
import { aJourney, aMilestone, aNudge, aStep } from '../builders'
import { everything } from './validate-fixtures'

// Broken journeys are plain JSON built by editing a valid one.
type Json = any // eslint-disable-line @typescript-eslint/no-explicit-any

/** A small valid journey with two stages' worth of references for the rows below to break. */
const base = (): Json => JSON.parse(JSON.stringify(aJourney({
  stages: [{ id: 'activation', title: 'Activation' }],
  milestones: [
    aMilestone({ id: 'connect-data', steps: [aStep({ id: 's1' })] }),
    aMilestone({ id: 'first-report', stage: 'activation', dependsOn: ['connect-data'], steps: [aStep({ id: 's2' })] }),
  ],
  nudges: [aNudge({ when: { stalled: { milestone: 'first-report', days: 2 } } })],
})))
const edit = (f: (j: Json) => void): Json => { const j = base(); f(j); return j }
const step = (j: Json): Json => j.milestones[0].steps[0]
const nudge = (j: Json): Json => j.nudges[0]
const errors = (input: unknown): Issue[] => validateJourney(input).issues.filter((i) => i.severity == 'error')
const nested = (depth: number, leaf: Json, key = 'all'): Json => (depth ? { [key]: [nested(depth - 1, leaf, key)] } : leaf)
const S = 'milestones[0].steps[0]'

describe('validateJourney: a valid journey', () => {
  it('has no issues and comes back as an equal, separate copy', () => {
    const input = everything()
    const { journey, issues } = validateJourney(input)
    expect(issues).toEqual([])
    expect(journey).toEqual(input)
    expect(journey).not.toBe(input)
    expect(journey!.milestones[0]!.steps).not.toBe(input.milestones[0]!.steps)
  })

  it('keeps what the author wrote and fills in no defaults', () => {
    const { journey } = validateJourney(aJourney({ milestones: [aMilestone({ steps: [{ id: 's', title: 'S' }] })] }))
    expect(journey!.milestones[0]!.steps[0]).toEqual({ id: 's', title: 'S' })
    expect(journey!.nudges).toBeUndefined()
  })

  it.each([['2024-02-29'], ['2000-02-29'], ['2026-12-31T23:59:59.999-12:00'], ['2026-04-30T17:00Z']])('accepts the due date %s', (date) => {
    expect(validateJourney(edit((j) => { j.milestones[0].due = { date } })).issues).toEqual([])
  })

  it('accepts "$schema" at the root', () => {
    expect(validateJourney({ ...aJourney(), $schema: '../schema.json' }).issues).toEqual([])
  })

  it.each([
    ['/reports'], ['./a'], ['../b'], ['?tab=2'], ['#top'], ['reports/x'], ['http://x.example'], ['HTTPS://x.example/a b'],
    ['/caf\u00e9'],
  ])('accepts the URL %s', (href) => {
    expect(validateJourney(edit((j) => { step(j).cta = { label: 'Go', href } })).issues).toEqual([])
  })
})

describe('validateJourney: warnings keep the journey', () => {
  it('refuses an unknown field that is a near miss of a known one, and suggests it: the rule it meant would be lost', () => {
    const j = edit((j) => { j.milestones[1].dependOn = ['connect-data'] })
    const { journey, issues } = validateJourney(j)
    expect(issues).toEqual([{ path: 'milestones[1].dependOn', severity: 'error',
      message: 'unknown field "dependOn" (did you mean "dependsOn"?)' }])
    expect(journey).toBeUndefined()
    expect(validateJourney(edit((j) => { step(j).completedWhen = { event: 'x' } })).issues).toEqual([{ path: `${S}.completedWhen`,
      severity: 'error', message: 'unknown field "completedWhen" (did you mean "completeWhen"?)' }])
    expect(validateJourney(edit((j) => { j.Title = 'x' })).issues).toMatchObject([{ path: 'Title', severity: 'error' }])
  })

  // Swapping two adjacent letters is one edit: short names are near misses by a swap too, and the
  // suggestion is the nearest name by it ("nto" is one swap from "not", two edits from "gte").
  it.each<[string, (j: Json) => void, string, string]>([
    ['cat', (j) => { step(j).cat = { label: 'Go', href: '/a' } }, S, 'cta'],
    ['tca', (j) => { step(j).tca = { label: 'Go', href: '/a' } }, S, 'cta'],
    ['gaol', (j) => { nudge(j).card.gaol = 'First report' }, 'nudges[0].card', 'goal'],
    ['knid', (j) => { step(j).resources = [{ title: 'r', url: '/r', knid: 'video' }] }, `${S}.resources[0]`, 'kind'],
    ['ulr', (j) => { step(j).resources = [{ title: 'r', url: '/r', ulr: '/s' }] }, `${S}.resources[0]`, 'url'],
    ['dyas', (j) => { j.stages[0].dyas = { from: 0 } }, 'stages[0]', 'days'],
    ['herf', (j) => { step(j).cta = { label: 'Go', action: 'a', herf: '/a' } }, `${S}.cta`, 'href'],
    ['tuor', (j) => { nudge(j).card.actions = [{ label: 'Go', action: 'a', tuor: 't' }] }, 'nudges[0].card.actions[0]', 'tour'],
    ['dya', (j) => { j.milestones[0].due = { dya: 7 } }, 'milestones[0].due', 'day'],
    ['dtae', (j) => { j.milestones[0].due = { dtae: '2026-12-01' } }, 'milestones[0].due', 'date'],
    ['ni', (j) => { j.milestones[0].audience = { plan: { ni: ['pro'] } } }, 'milestones[0].audience.plan', 'in'],
    ['get', (j) => { j.milestones[0].audience = { seats: { get: 5 } } }, 'milestones[0].audience.seats', 'gte'],
    ['let', (j) => { j.milestones[0].audience = { seats: { let: 5 } } }, 'milestones[0].audience.seats', 'lte'],
    ['nto', (j) => { j.milestones[0].audience = { plan: { nto: 'free' } } }, 'milestones[0].audience.plan', 'not'],
    ['ont', (j) => { j.milestones[0].audience = { plan: { ont: 'free' } } }, 'milestones[0].audience.plan', 'not'],
  ])('refuses the short near miss "%s" and suggests the nearest name', (k, f, at, meant) => {
    const { journey, issues } = validateJourney(edit(f))
    expect(issues).toContainEqual({ path: `${at}.${k}`, severity: 'error', message: `unknown field "${k}" (did you mean "${meant}"?)` })
    expect(journey).toBeUndefined()
  })

  it('warns about an unknown field with no near miss, without a suggestion, and drops it from the copy', () => {
    const { journey, issues } = validateJourney(edit((j) => { j.colour = 'red' }))
    expect(issues).toEqual([{ path: 'colour', severity: 'warning', message: 'unknown field "colour"' }])
    expect(journey).not.toHaveProperty('colour')
    expect(validateJourney(edit((j) => { j.milestones[0].internalNotes = 'ask Sam' })).issues).toEqual([
      { path: 'milestones[0].internalNotes', severity: 'warning', message: 'unknown field "internalNotes"' }])
  })

  it('only warns about a short unknown field two edits from a known one: too far to be sure it is a typo', () => {
    const { journey, issues } = validateJourney(edit((j) => { j.milestones[0].ttl = 'x' }))
    expect(issues).toEqual([{ path: 'milestones[0].ttl', severity: 'warning', message: 'unknown field "ttl" (did you mean "title"?)' }])
    expect(journey).toBeDefined()
  })

  // bb-r25: a PM's other words for a field, more than a typo away, dropped the rule with a warning
  // (a ladder written as "escalation" never told the CSM; "dueDay" made a milestone never late).
  it.each([
    ['escalation', (j: Json) => nudge(j), 'nudges[0]', 'escalate'],
    ['escalate_to', (j: Json) => nudge(j), 'nudges[0]', 'escalate'],
    ['dueDay', (j: Json) => j.milestones[0], 'milestones[0]', 'due'],
    ['completion', (j: Json) => step(j), S, 'completeWhen'],
    ['whenComplete', (j: Json) => step(j), S, 'completeWhen'],
    ['dependencies', (j: Json) => j.milestones[1], 'milestones[1]', 'dependsOn'],
  ])('refuses "%s", another word for a field allowed there, and names the field', (k, at, path, meant) => {
    expect(validateJourney(edit((j) => { at(j)[k] = 7 })).issues).toEqual([
      { path: `${path}.${k}`, severity: 'error', message: `unknown field "${k}" (did you mean "${meant}"?)` }])
    // Where that field is not allowed, the word is a custom field of the team's own.
    expect(validateJourney(edit((j) => { j[k] = 7 })).issues).toEqual([{ path: k, severity: 'warning', message: `unknown field "${k}"` }])
  })

  it('takes a field whose name starts with "_" for one set aside by hand: a warning, whatever it is near (JSON has no comments)', () => {
    expect(validateJourney(edit((j) => { j.milestones[0]._due = { day: 3 } })).issues).toEqual([
      { path: 'milestones[0]._due', severity: 'warning', message: 'unknown field "_due"' }])
  })

  it('weighs every unknown field, however many warnings came before: the 101st is still refused when a near miss (bb-r25)', () => {
    const j = edit((j) => { j.milestones[0].steps = Array.from({ length: 101 }, (_, i) => ({ id: `n${i}`, title: 'S', notes: 'x' })) })
    j.milestones[0].steps[100].completedWhen = { event: 'x' }
    const { issues } = validateJourney(j)
    expect(issues.filter((i) => i.severity == 'warning')).toHaveLength(101)
    expect(errors(j)).toEqual([{ path: 'milestones[0].steps[100].completedWhen', severity: 'error', message: 'unknown field "completedWhen" (did you mean "completeWhen"?)' }])
  })

  it('refuses an unknown key beside a kind of condition that is a near miss, with its place\'s names', () => {
    const { issues } = validateJourney(edit((j) => { step(j).completeWhen = { event: 'x', cont: 2 } }))
    expect(issues).toEqual([{ path: `${S}.completeWhen.cont`, severity: 'error', message: 'unknown field "cont" (did you mean "count"?)' }])
  })

  it('says what it got when a value has the wrong type', () => {
    const messages = (j: unknown) => validateJourney(j).issues.map((i) => `${i.path}: ${i.message}`)
    expect(messages(edit((j) => { j.milestones[0].due = { day: '7' } }))).toEqual(['milestones[0].due.day: expected an integer from 0 to 3650, got a string ("7")'])
    expect(messages(edit((j) => { j.title = 42 }))).toEqual(['title: expected a string of 1 to 1000 characters, got 42'])
    expect(messages(edit((j) => { j.title = null }))).toEqual(['title: expected a string of 1 to 1000 characters, got null'])
    expect(messages(edit((j) => { j.milestones[0].steps = {} }))).toEqual(['milestones[0].steps: expected an array, got an object'])
    // A long one says its length: the limit is what it breaks (bb-r25).
    expect(messages(edit((j) => { j.title = 'x'.repeat(1001) }))).toEqual(['title: expected a string of 1 to 1000 characters, got a string of 1001 characters ("xxxxxxxxxxxxxxxxxxxx…")'])
  })

  it('warns about a count or a where beside a condition other than an event: the engine ignores them', () => {
    const { journey, issues } = validateJourney(edit((j) => {
      j.milestones[0].steps[0].completeWhen = { url: '/reports*', count: 2 }
      j.milestones[1].steps[0].completeWhen = { any: [{ event: 'a', count: 2, where: { x: 1 } }, { click: '#b', where: { x: 1 } }] }
    }))
    expect(journey).toBeDefined()
    expect(issues).toEqual([
      { path: 'milestones[0].steps[0].completeWhen.count', severity: 'warning', message: 'applies to an "event" condition only: ignored here' },
      { path: 'milestones[1].steps[0].completeWhen.any[1].where', severity: 'warning', message: 'applies to an "event" condition only: ignored here' },
    ])
  })

  it('warns when a milestone is due before a milestone it depends on', () => {
    const { journey, issues } = validateJourney(edit((j) => {
      j.milestones[0].due = { day: 10 }
      j.milestones[1].due = { day: 7 }
    }))
    expect(journey).toBeDefined()
    expect(issues).toEqual([{ path: 'milestones[1].due', severity: 'warning',
      message: 'due before its dependency "connect-data" (day 10)' }])
  })

  it('warns of a missed or dueSoon signal about a milestone without a due, in nudges and tours, inside all and any: it never holds', () => {
    const { journey, issues } = validateJourney(edit((j) => {
      j.milestones[0].due = { day: 3 }
      nudge(j).when = { any: [
        { missed: { milestone: 'connect-data' } },
        { all: [{ dueSoon: { milestone: 'first-report', days: 1 } }, { day: { day: 2 } }] },
        { missed: { milestone: 'first-report' } },
        // A stalled nudge still fires on a milestone without a due (nudges are not statuses): no warning.
        { stalled: { milestone: 'first-report', days: 2 } },
      ] }
      j.tours = [{ id: 't', title: 'T', startOn: { dueSoon: { milestone: 'first-report', days: 2 } }, steps: [{ text: 'Hi' }] }]
    }))
    expect(journey).toBeDefined()
    const never = (path: string, signal: string) => ({ path, severity: 'warning', message: `milestone "first-report" has no due: ${signal} never holds` })
    expect(issues).toEqual([
      never('nudges[0].when.any[1].all[0].dueSoon.milestone', 'dueSoon'),
      never('nudges[0].when.any[2].missed.milestone', 'missed'),
      never('tours[0].startOn.dueSoon.milestone', 'dueSoon'),
    ])
  })

  it('warns of a ladder about an account milestone with a step of each member\'s own: it counts only the account\'s steps', () => {
    const { journey, issues } = validateJourney(edit((j) => {
      j.milestones[0].scope = 'account'
      j.milestones[0].due = { day: 3 }
      j.milestones[0].steps[0].scope = 'user'
      nudge(j).when = { missed: { milestone: 'connect-data' } }
    }))
    expect(journey).toBeDefined()
    expect(issues).toEqual([{ path: 'nudges[0].when.missed.milestone', severity: 'warning', message: expect.stringMatching(
      /^account milestone "connect-data": its ladder counts the account's steps only, not "[\w-]+" \(each member's own\)$/) }])
    // The control: all its steps the account's, nothing to say.
    expect(validateJourney(edit((j) => {
      j.milestones[0].scope = 'account'
      j.milestones[0].due = { day: 3 }
      nudge(j).when = { missed: { milestone: 'connect-data' } }
    })).issues).toEqual([])
  })

  it('warns of a due on day 0: due at the start, and overdue from the first moment after that', () => {
    const { journey, issues } = validateJourney(edit((j) => { j.milestones[0].due = { day: 0 } }))
    expect(journey).toBeDefined()
    expect(issues).toEqual([{ path: 'milestones[0].due.day', severity: 'warning',
      message: 'due at the start, and overdue from the first moment after that: use { "day": 1 } for "by the end of the first day"' }])
    expect(validateJourney(edit((j) => { j.milestones[0].due = { day: 1 } })).issues).toEqual([])
  })
})

const DEEP = LIMITS.conditionDepth
describe('validateJourney: errors', () => {
  const long = 'x'.repeat(LIMITS.textLength + 1)
  it.each<[string, unknown, string, string]>([
    ['the root is not an object', [], '', 'expected an object'],
    ['the root is null', null, '', 'expected an object'],
    ['version is not 1', edit((j) => { j.version = 2 }), 'version', 'expected 1'],
    ['version is missing', edit((j) => { delete j.version }), '', 'missing "version"'],
    ['the journey id is missing', edit((j) => { delete j.id }), '', 'missing "id"'],
    ['an id breaks the pattern', edit((j) => { j.id = '-acme' }), 'id', 'expected an id'],
    ['an id has a space', edit((j) => { j.milestones[0].id = 'connect data' }), 'milestones[0].id', 'expected an id'],
    ['an id is too long', edit((j) => { j.id = 'a'.repeat(LIMITS.idLength + 1) }), 'id', 'at most 100'],
    ['a title is a number', edit((j) => { j.title = 42 }), 'title', 'expected a string'],
    ['a title is empty', edit((j) => { j.title = '' }), 'title', 'expected a string of 1 to 1000'],
    ['a title is too long', edit((j) => { j.title = long }), 'title', 'expected a string of 1 to 1000 characters'],
    ['a description is too long', edit((j) => { j.description = 'x'.repeat(LIMITS.bodyLength + 1) }), 'description', 'to 10000 characters'],
    ['$schema is not a string', edit((j) => { j.$schema = 1 }), '$schema', 'expected a string'],
    ['start has no trait', edit((j) => { j.start = {} }), 'start', 'missing "trait"'],
    ['milestones is empty', edit((j) => { j.milestones = [] }), 'milestones', 'expected 1 to 500 items, got 0'],
    ['milestones is an object', edit((j) => { j.milestones = { a: 1 } }), 'milestones', 'expected an array'],
    ['a milestone is an array', edit((j) => { j.milestones[0] = [] }), 'milestones[0]', 'expected an object'],
    ['a milestone has no steps', edit((j) => { delete j.milestones[0].steps }), 'milestones[0]', 'missing "steps"'],
    ['a milestone has an empty step list', edit((j) => { j.milestones[0].steps = [] }), 'milestones[0].steps', 'expected 1 to 200 items'],
    ['a step has no title', edit((j) => { delete step(j).title }), S, 'missing "title"'],
    ['a step title is null', edit((j) => { step(j).title = null }), `${S}.title`, 'expected a string'],
    ['optional is not a boolean', edit((j) => { step(j).optional = 'yes' }), `${S}.optional`, 'expected a boolean'],
    ['two milestones share an id', edit((j) => { j.milestones[1].id = 'connect-data'; delete j.milestones[1].dependsOn }),
      'milestones[1].id', 'duplicate id "connect-data" (also at milestones[0])'],
    ['two steps in different milestones share an id', edit((j) => { j.milestones[1].steps[0].id = 's1' }),
      'milestones[1].steps[0].id', 'duplicate id "s1" (also at milestones[0].steps[0])'],
    ['two stages share an id', edit((j) => { j.stages.push({ id: 'activation', title: 'Again' }) }),
      'stages[1].id', 'duplicate id "activation" (also at stages[0])'],
    ['two nudges share an id', edit((j) => { j.nudges.push(j.nudges[0]) }), 'nudges[1].id', 'duplicate id "n1" (also at nudges[0])'],
    ['a milestone names an unknown stage', edit((j) => { j.milestones[1].stage = 'activaton' }),
      'milestones[1].stage', 'unknown stage "activaton" (did you mean "activation"?)'],
    ['a milestone depends on an unknown milestone', edit((j) => { j.milestones[1].dependsOn = ['connect-dat'] }),
      'milestones[1].dependsOn[0]', 'unknown milestone "connect-dat" (did you mean "connect-data"?)'],
    ['an unknown reference has no near miss', edit((j) => { j.milestones[1].dependsOn = ['zzz'] }),
      'milestones[1].dependsOn[0]', 'unknown milestone "zzz"'],
    ['a signal names an unknown milestone', edit((j) => { nudge(j).when = { missed: { milestone: 'first-reports' } } }),
      'nudges[0].when.missed.milestone', 'unknown milestone "first-reports" (did you mean "first-report"?)'],
    ['a progress signal names an unknown stage', edit((j) => { nudge(j).when = { progress: { stage: 'adoption' } } }),
      'nudges[0].when.progress.stage', 'unknown stage "adoption"'],
    ['a cta href is javascript:', edit((j) => { step(j).cta = { label: 'Go', href: 'javascript:alert(1)' } }),
      `${S}.cta.href`, 'expected an http(s) or relative URL'],
    ['a cta href hides javascript: behind spaces and case', edit((j) => { step(j).cta = { label: 'Go', href: '  JaVaScRiPt:alert(1)' } }),
      `${S}.cta.href`, 'http(s) or relative URL'],
    ['a cta href hides javascript: behind a tab', edit((j) => { step(j).cta = { label: 'Go', href: 'java\tscript:alert(1)' } }),
      `${S}.cta.href`, 'http(s) or relative URL'],
    ['a cta href has a leading control character', edit((j) => { step(j).cta = { label: 'Go', href: '\u0001javascript:x' } }),
      `${S}.cta.href`, 'http(s) or relative URL'],
    ['a cta href has a C1 control (NEL)', edit((j) => { step(j).cta = { label: 'Go', href: 'https://ok.example/a\u0085b' } }),
      `${S}.cta.href`, 'http(s) or relative URL'],
    ['a cta href has a C1 control (CSI)', edit((j) => { step(j).cta = { label: 'Go', href: '/a\u009bb' } }), `${S}.cta.href`, 'relative URL'],
    ['a cta href has a line separator', edit((j) => { step(j).cta = { label: 'Go', href: '/a\u2028b' } }), `${S}.cta.href`, 'relative URL'],
    ['a card action href has a paragraph separator', edit((j) => { nudge(j).card.actions = [{ label: 'x', href: '/a\u2029' }] }),
      'nudges[0].card.actions[0].href', 'relative URL'],
    ['a resource url has a C1 control', edit((j) => { step(j).resources = [{ title: 'r', url: '/r\u0080' }] }),
      `${S}.resources[0].url`, 'relative URL'],
    ['a resource url is data:', edit((j) => { step(j).resources = [{ title: 'r', url: 'data:text/html,<b>' }] }),
      `${S}.resources[0].url`, 'http(s) or relative URL'],
    ['a card action href is vbscript:', edit((j) => { nudge(j).card.actions = [{ label: 'x', href: 'vbscript:msgbox' }] }),
      'nudges[0].card.actions[0].href', 'http(s) or relative URL'],
    ['a url is protocol-relative', edit((j) => { step(j).cta = { label: 'Go', href: '//evil.example' } }), `${S}.cta.href`, 'relative URL'],
    ['a url uses a backslash', edit((j) => { step(j).cta = { label: 'Go', href: '/\\evil.example' } }), `${S}.cta.href`, 'relative URL'],
    ['a url is mailto:', edit((j) => { step(j).cta = { label: 'Go', href: 'mailto:help@example.com' } }), `${S}.cta.href`, 'relative URL'],
    ['a url is http without a host', edit((j) => { step(j).cta = { label: 'Go', href: 'https:///x' } }), `${S}.cta.href`, 'relative URL'],
    ['a click selector has an attribute without a name', edit((j) => { step(j).completeWhen = { click: '#invite-btn[' } }),
      `${S}.completeWhen.click`, 'expected a CSS selector: an attribute needs a name: it ends too early'],
    ['a visible selector has a colon too many', edit((j) => { step(j).completeWhen = { any: [{ url: '/a' }, { visible: 'div:::x' }] } }),
      `${S}.completeWhen.any[1].visible`, 'expected a CSS selector: ":" needs a name: unexpected ":" at character 6'],
    ['a tooltip target uses jQuery\'s :contains', edit((j) => { step(j).tooltip = { target: 'button:contains("Save")', text: 'Here' } }),
      `${S}.tooltip.target`, '":contains" is not CSS'],
    ['a nudge\'s seen signal ends on a combinator', edit((j) => { nudge(j).when = { seen: { visible: '.banner >' } } }),
      'nudges[0].when.seen.visible', 'expected a CSS selector: it ends too early'],
    ['a tour step target is wrong past a shadow root', edit((j) => { j.tours = [{ id: 't', title: 'T', steps: [{ text: 'Hi', target: 'app-shell >>> #1st' }] }] }),
      'tours[0].steps[0].target', '"#" needs a name: unexpected "1" at character 16'],
    ['a tooltip target uses the removed ::shadow (bb-r29)', edit((j) => { step(j).tooltip = { target: 'app-shell::shadow #nav-settings', text: 'Here' } }),
      `${S}.tooltip.target`, 'expected a CSS selector: "::shadow" is a pseudo-element, which never matches an element'],
    ['a click selector has a misspelt pseudo-class', edit((j) => { step(j).completeWhen = { click: 'nav-item:hoverr' } }),
      `${S}.completeWhen.click`, 'expected a CSS selector: ":hoverr" is not a pseudo-class browsers know'],
    ['a tour step target has nothing between two >>>', edit((j) => { j.tours = [{ id: 't', title: 'T', steps: [{ text: 'Hi', target: 'app-shell >>> >>> #x' }] }] }),
      'tours[0].steps[0].target', 'expected a CSS selector: no selector beside ">>>" at character 15'],
    ['a visible selector has >>> inside :has()', edit((j) => { step(j).completeWhen = { visible: 'app-shell >>> nav-item:has(>>> a)' } }),
      `${S}.completeWhen.visible`, 'expected a CSS selector: ">>>" at character 28 is inside a pseudo-class'],
    ['an unquoted attribute value starts with a digit', edit((j) => { step(j).completeWhen = { click: '[data-id=42]' } }),
      `${S}.completeWhen.click`, 'a name or a quoted string'],
    ['a milestone has a "__proto__" key', JSON.parse('{"version":1,"id":"j","title":"J","milestones":[{"id":"m","title":"M","steps":[{"id":"s","title":"S"}],"__proto__":{"x":1}}]}'),
      'milestones[0].__proto__', 'forbidden key "__proto__"'],
    ['an audience has a "constructor" key', edit((j) => { j.milestones[0].audience = { constructor: 'x' } }),
      'milestones[0].audience.constructor', 'forbidden key "constructor"'],
    ['a where has a "prototype" key', edit((j) => { step(j).completeWhen = { event: 'e', where: { prototype: 1 } } }),
      `${S}.completeWhen.where.prototype`, 'forbidden key "prototype"'],
    ['there are too many milestones', edit((j) => {
      j.milestones = Array.from({ length: LIMITS.milestones + 1 }, (_, i) => aMilestone({ id: `m${i}`, steps: [aStep({ id: `s${i}` })] }))
      j.nudges = []
    }), 'milestones', 'expected 1 to 500 items'],
    ['a milestone has too many steps', edit((j) => {
      j.milestones[0].steps = Array.from({ length: LIMITS.stepsPerMilestone + 1 }, (_, i) => aStep({ id: `x${i}` }))
    }), 'milestones[0].steps', 'expected 1 to 200 items'],
    ['the journey has too many steps in all', edit((j) => {
      j.milestones = Array.from({ length: 51 }, (_, m) => aMilestone({ id: `m${m}`,
        steps: Array.from({ length: 200 }, (_, s) => aStep({ id: `s${m}-${s}` })) }))
      j.nudges = []
    }), 'milestones', 'expected at most 10000 steps in all'],
    ['there are too many nudges', edit((j) => { j.nudges = Array.from({ length: 201 }, (_, i) => ({ ...j.nudges[0], id: `n${i}` })) }),
      'nudges', 'expected 0 to 200 items'],
    ['there are too many stages', edit((j) => { j.stages = Array.from({ length: 101 }, (_, i) => ({ id: `st${i}`, title: 'S' })); delete j.milestones[1].stage }),
      'stages', 'expected 0 to 100 items'],
    ['completion conditions nest too deep', edit((j) => { step(j).completeWhen = nested(DEEP + 1, { manual: true }) }),
      `${S}.completeWhen` + '.all[0]'.repeat(DEEP) + '.all', `nested deeper than ${DEEP} levels`],
    ['signals nest too deep', edit((j) => { nudge(j).when = nested(DEEP + 1, { day: { day: 1 } }, 'any') }),
      'nudges[0].when' + '.any[0]'.repeat(DEEP) + '.any', `nested deeper than ${DEEP} levels`],
    ['a completion has two kinds', edit((j) => { step(j).completeWhen = { url: '/a', click: '#b' } }),
      `${S}.completeWhen`, 'expected exactly one of event, url, click, visible, manual, tour, all, any'],
    ['a completion has no kind', edit((j) => { step(j).completeWhen = {} }), `${S}.completeWhen`, 'expected exactly one of event'],
    ['a completion is a string', edit((j) => { step(j).completeWhen = 'report.created' }), `${S}.completeWhen`, 'expected an object'],
    ['all is empty', edit((j) => { step(j).completeWhen = { all: [] } }), `${S}.completeWhen.all`, 'expected a non-empty array'],
    ['count is 0', edit((j) => { step(j).completeWhen = { event: 'e', count: 0 } }), `${S}.completeWhen.count`, 'expected an integer from 1 to 100'],
    ['count is a fraction', edit((j) => { step(j).completeWhen = { event: 'e', count: 1.5 } }), `${S}.completeWhen.count`, 'integer from 1 to 100'],
    ['count is over the cap', edit((j) => { step(j).completeWhen = { event: 'e', count: LIMITS.count + 1 } }), `${S}.completeWhen.count`, 'integer from 1 to 100'],
    ['a where value is an object', edit((j) => { step(j).completeWhen = { event: 'e', where: { plan: { in: ['a'] } } } }),
      `${S}.completeWhen.where.plan`, 'expected a string, number, boolean or null'],
    ['manual is false', edit((j) => { step(j).completeWhen = { manual: false } }), `${S}.completeWhen.manual`, 'expected true'],
    ['an event name is empty', edit((j) => { step(j).completeWhen = { event: '' } }), `${S}.completeWhen.event`, 'expected a string'],
    ['a due day is negative', edit((j) => { j.milestones[0].due = { day: -1 } }), 'milestones[0].due.day', 'expected an integer from 0 to 3650'],
    ['a due day is past ten years', edit((j) => { j.milestones[0].due = { day: 3651 } }), 'milestones[0].due.day', 'integer from 0 to 3650'],
    ['a due date is not ISO', edit((j) => { j.milestones[0].due = { date: 'next week' } }), 'milestones[0].due.date', 'expected an ISO date-time'],
    ['a due date-time has no offset', edit((j) => { j.milestones[0].due = { date: '2026-12-01T09:00' } }), 'milestones[0].due.date',
      'a time needs Z or an offset such as +01:00: "2026-12-01T09:00"'],
    ['a due date-time with seconds has no offset', edit((j) => { j.milestones[0].due = { date: '2026-12-01T17:00:00.250' } }), 'milestones[0].due.date',
      'a time needs Z or an offset such as +01:00: "2026-12-01T17:00:00.250"'],
    ['a due date-time has no offset and is on February 30', edit((j) => { j.milestones[0].due = { date: '2026-02-30T17:00' } }), 'milestones[0].due.date',
      'expected an ISO date-time like "2026-11-07T09:00Z" on a day that exists, got a string ("2026-02-30T17:00")'],
    ['a due date-time has no offset and a space for T', edit((j) => { j.milestones[0].due = { date: '2026-12-01 17:00' } }), 'milestones[0].due.date',
      'expected an ISO date-time like "2026-11-07T09:00Z" on a day that exists, got a string ("2026-12-01 17:00")'],
    ['a due date has month 13', edit((j) => { j.milestones[0].due = { date: '2026-13-01' } }), 'milestones[0].due.date',
      'expected an ISO date-time like "2026-11-07T09:00Z" on a day that exists, got a string ("2026-13-01")'],
    ['a due date is February 30', edit((j) => { j.milestones[0].due = { date: '2026-02-30' } }), 'milestones[0].due.date',
      'on a day that exists, got a string ("2026-02-30")'],
    ['a due date is February 29 of a common year', edit((j) => { j.milestones[0].due = { date: '2026-02-29' } }), 'milestones[0].due.date',
      'on a day that exists, got a string ("2026-02-29")'],
    ['a due date is February 29 of a century not a leap year', edit((j) => { j.milestones[0].due = { date: '1900-02-29' } }),
      'milestones[0].due.date', 'on a day that exists'],
    ['a due date-time is on April 31', edit((j) => { j.milestones[0].due = { date: '2026-04-31T17:00:00Z' } }), 'milestones[0].due.date',
      'on a day that exists, got a string ("2026-04-31T17:00:00Z")'],
    ['a due date is day 0', edit((j) => { j.milestones[0].due = { date: '2026-01-00' } }), 'milestones[0].due.date', 'on a day that exists'],
    ['a due date-time is at 25 o\'clock', edit((j) => { j.milestones[0].due = { date: '2026-12-01T25:00Z' } }), 'milestones[0].due.date', 'ISO date-time'],
    ['a due has both day and date', edit((j) => { j.milestones[0].due = { day: 1, date: '2026-12-01' } }), 'milestones[0].due', 'expected exactly one of day, date'],
    ['a tooltip placement is unknown', edit((j) => { step(j).tooltip = { target: '#a', text: 'b', placement: 'middle' } }),
      `${S}.tooltip.placement`, 'expected one of top, bottom, left, right, top-start'],
    ['a tooltip has no text', edit((j) => { step(j).tooltip = { target: '#a' } }), `${S}.tooltip`, 'missing "text"'],
    ['a resource kind is unknown', edit((j) => { step(j).resources = [{ title: 'r', url: '/r', kind: 'podcast' }] }),
      `${S}.resources[0].kind`, 'expected one of guide, video, article, call, link'],
    ['a cta has both href and action', edit((j) => { step(j).cta = { label: 'Go', href: '/a', action: 'b' } }), `${S}.cta`, 'expected exactly one of href, action'],
    ['a cta has neither href nor action', edit((j) => { step(j).cta = { label: 'Go' } }), `${S}.cta`, 'expected exactly one of href, action'],
    ['a cta has no label', edit((j) => { step(j).cta = { href: '/a' } }), `${S}.cta`, 'missing "label"'],
    ['a stalled signal has negative days', edit((j) => { nudge(j).when = { stalled: { milestone: 'connect-data', days: -1 } } }),
      'nudges[0].when.stalled.days', 'expected an integer from 0 to 3650'],
    ['a missed signal has no milestone', edit((j) => { nudge(j).when = { missed: {} } }), 'nudges[0].when.missed', 'missing "milestone"'],
    ['a dueSoon signal has no days', edit((j) => { nudge(j).when = { dueSoon: { milestone: 'connect-data' } } }), 'nudges[0].when.dueSoon', 'missing "days"'],
    ['a day signal is a bare number', edit((j) => { nudge(j).when = { day: 7 } }), 'nudges[0].when.day', 'expected an object'],
    ['a progress band is upside down', edit((j) => { nudge(j).when = { progress: { min: 70, max: 30 } } }), 'nudges[0].when.progress.max', 'must be ≥ min (70), got 30'],
    ['a progress max is over 100', edit((j) => { nudge(j).when = { progress: { max: 101 } } }), 'nudges[0].when.progress.max', 'expected a number from 0 to 100'],
    ['an engagement window is 0 days', edit((j) => { nudge(j).when = { engagement: { days: 0 } } }), 'nudges[0].when.engagement.days', 'integer from 1 to 3650'],
    ['an engagement band is upside down', edit((j) => { nudge(j).when = { engagement: { days: 7, minSessions: 5, maxSessions: 2 } } }),
      'nudges[0].when.engagement.maxSessions', 'must be ≥ minSessions'],
    ['sessionsWithoutProgress counts 0', edit((j) => { nudge(j).when = { sessionsWithoutProgress: { count: 0 } } }),
      'nudges[0].when.sessionsWithoutProgress.count', 'integer from 1 to 100'],
    ['inactive days is a string', edit((j) => { nudge(j).when = { inactive: { days: '7' } } }), 'nudges[0].when.inactive.days', 'integer from 0 to 3650'],
    ['a signal has two kinds', edit((j) => { nudge(j).when = { day: { day: 1 }, inactive: { days: 2 } } }), 'nudges[0].when', 'expected exactly one of stalled, missed'],
    ['a signal kind is misspelt', edit((j) => { nudge(j).when = { stall: { milestone: 'connect-data', days: 1 } } }), 'nudges[0].when', 'expected exactly one of stalled'],
    ['any is empty', edit((j) => { nudge(j).when = { any: [] } }), 'nudges[0].when.any', 'expected a non-empty array'],
    ['an escalation has negative afterDays', edit((j) => { nudge(j).escalate = [{ afterDays: -1, notify: 'csm' }] }),
      'nudges[0].escalate[0].afterDays', 'integer from 0 to 3650'],
    ['an escalation notifies nobody', edit((j) => { nudge(j).escalate = [{ afterDays: 1, notify: '' }] }), 'nudges[0].escalate[0].notify', 'expected a string'],
    ['an escalation has no notify', edit((j) => { nudge(j).escalate = [{ afterDays: 1 }] }), 'nudges[0].escalate[0]', 'missing "notify"'],
    ['maxShows is 0', edit((j) => { nudge(j).maxShows = 0 }), 'nudges[0].maxShows', 'expected an integer from 1'],
    ['everyDays is negative', edit((j) => { nudge(j).everyDays = -1 }), 'nudges[0].everyDays', 'integer from 0 to 3650'],
    ['snoozeDays is a fraction', edit((j) => { nudge(j).snoozeDays = 0.5 }), 'nudges[0].snoozeDays', 'integer from 0 to 3650'],
    ['priority is NaN', edit((j) => { nudge(j).priority = NaN }), 'nudges[0].priority', 'expected a number'],
    ['priority is Infinity', edit((j) => { nudge(j).priority = Infinity }), 'nudges[0].priority', 'expected a number'],
    ['a nudge has no card, tooltip or escalate', edit((j) => { delete nudge(j).card }), 'nudges[0]', 'expected at least one of card, tooltip, escalate'],
    ['a nudge\'s only part is an empty ladder', edit((j) => { delete nudge(j).card; nudge(j).escalate = [] }), 'nudges[0]',
      'expected at least one of card, tooltip, escalate (an empty list is none)'],
    ['a nudge has no when', edit((j) => { delete nudge(j).when }), 'nudges[0]', 'missing "when"'],
    ['a card has no title', edit((j) => { nudge(j).card = { body: 'b' } }), 'nudges[0].card', 'missing "title"'],
    ['an audience condition is empty', edit((j) => { j.milestones[0].audience = { plan: {} } }),
      'milestones[0].audience.plan', 'expected at least one of equals, in, gte, lte, exists, not'],
    ['an audience value is an array', edit((j) => { j.milestones[0].audience = { plan: ['pro'] } }),
      'milestones[0].audience.plan', 'expected a value, or a condition such as { "in": [ … ] } for one of several, got an array'],
    ['an audience "in" is not an array', edit((j) => { j.milestones[0].audience = { plan: { in: 'pro' } } }), 'milestones[0].audience.plan.in', 'expected an array'],
    ['an audience gte is a boolean', edit((j) => { j.milestones[0].audience = { seats: { gte: true } } }), 'milestones[0].audience.seats.gte', 'expected a number or a string'],
    ['an audience names an empty trait', edit((j) => { j.milestones[0].audience = { '': 'pro' } }), 'milestones[0].audience[""]', 'expected a name, got an empty key'],
    ['a where names an empty prop', edit((j) => { step(j).completeWhen = { event: 'e', where: { '': 1 } } }), `${S}.completeWhen.where[""]`, 'expected a name, got an empty key'],
    ['a placement is a near miss', edit((j) => { step(j).tooltip = { target: '#t', text: 'x', placement: 'rigth' } }), `${S}.tooltip.placement`,
      'got a string ("rigth") (did you mean "right"?)'],
    ['a scope is a near miss', edit((j) => { j.milestones[0].scope = 'acount' }), 'milestones[0].scope', 'expected one of user, account, got a string ("acount") (did you mean "account"?)'],
    ['an audience range is empty', edit((j) => { j.milestones[0].audience = { seats: { gte: 10, lte: 5 } } }), 'milestones[0].audience.seats.lte', 'must be ≥ gte (10), got 5'],
    ['an audience range mixes a number and a string', edit((j) => { j.milestones[0].audience = { seats: { gte: 5, lte: '10' } } }),
      'milestones[0].audience.seats.lte', 'expected a number as gte is, got a string ("10")'],
    ['an audience date range is upside down', edit((j) => { j.milestones[0].audience = { paidAt: { gte: '2026-02-01', lte: '2026-01-01' } } }),
      'milestones[0].audience.paidAt.lte', 'must be ≥ gte (2026-02-01), got 2026-01-01'],
    ['an audience exists is a string', edit((j) => { j.milestones[0].audience = { seats: { exists: 'yes' } } }), 'milestones[0].audience.seats.exists', 'expected a boolean'],
    ['an audience not is empty', edit((j) => { nudge(j).audience = { plan: { not: {} } } }), 'nudges[0].audience.plan.not', 'expected at least one of'],
    ['an audience is an array', edit((j) => { step(j).audience = [] }), `${S}.audience`, 'expected an object'],
    ['an audience key is not an identifier', edit((j) => { j.milestones[0].audience = { 'user.plan': [] } }),
      'milestones[0].audience["user.plan"]', 'expected a value, or a condition'],
    ['a stage ends before it starts', edit((j) => { j.stages[0].days = { from: 30, to: 10 } }), 'stages[0].days.to', 'must be ≥ from (30), got 10'],
    ['a stage span has no start', edit((j) => { j.stages[0].days = { to: 10 } }), 'stages[0].days', 'missing "from"'],
    ['a stage has no title', edit((j) => { delete j.stages[0].title }), 'stages[0]', 'missing "title"'],
  ])('%s', (_, input, path, message) => {
    const found = errors(input)
    expect(found.filter((i) => i.path == path).map((i) => i.message)).toContainEqual(expect.stringContaining(message))
    expect(found.map((i) => i.message)).not.toContain('unreadable value')
    expect(validateJourney(input).journey).toBeUndefined()
  })

  it('reports a getter that throws instead of throwing, keeping what it found before', () => {
    const j = base()
    j.id = '-bad'
    Object.defineProperty(j, 'title', { enumerable: true, get() { throw new Error('boom') } })
    const r = validateJourney(j)
    expect(r.journey).toBeUndefined()
    expect(r.issues).toEqual([
      { path: 'id', message: expect.stringContaining('expected an id'), severity: 'error' },
      { path: '', message: 'unreadable value', severity: 'error' },
    ])
  })

  it('collects every problem at once', () => {
    const j = edit((j) => {
      j.version = 2
      step(j).completeWhen = { event: 'e', count: 0 }
      nudge(j).when = { stalled: { milestone: 'nope', days: 2 } }
    })
    expect(errors(j).map((i) => i.path)).toEqual(['version', `${S}.completeWhen.count`, 'nudges[0].when.stalled.milestone'])
  })
})

// bb-r31: a PM's slips whose messages said what was wrong but not what was meant.
describe('validateJourney: a slip says what was meant', () => {
  it.each([
    ['a due as a bare number', edit((j) => { j.milestones[0].due = 3 }), 'milestones[0].due', 'expected an object, got 3: write { "day": 3 }'],
    ['a due as a bare date', edit((j) => { j.milestones[0].due = '2027-01-31' }), 'milestones[0].due', 'expected an object, got a string ("2027-01-31"): write { "date": "2027-01-31" }'],
    ['a missed signal naming its milestone bare', edit((j) => { nudge(j).when = { missed: 'first-report' } }), 'nudges[0].when.missed',
      'expected an object, got a string ("first-report"): write { "milestone": "first-report" }'],
    ['a card as its title', edit((j) => { nudge(j).card = 'Need a hand?' }), 'nudges[0].card', 'expected an object, got a string ("Need a hand?"): write { "title": "Need a hand?" }'],
    ['a start as its trait', edit((j) => { j.start = 'signedUpAt' }), 'start', 'expected an object, got a string ("signedUpAt"): write { "trait": "signedUpAt" }'],
    ['an audience listing values', edit((j) => { j.milestones[0].audience = { role: ['admin', 'owner'] } }), 'milestones[0].audience.role',
      'expected a value, or a condition such as { "in": [ … ] } for one of several, got an array'],
    ['owners listed', edit((j) => { j.milestones[0].owner = ['csm', 'workspace-admin'] }), 'milestones[0].owner',
      'expected a string, one owner (the others go in "collaborators"), got an array'],
    ['a ladder level\'s "after"', edit((j) => { nudge(j).escalate = [{ after: 3, notify: 'csm' }] }), 'nudges[0].escalate[0].after',
      'unknown field "after" (did you mean "afterDays"?)'],
    ['a ladder level\'s "to"', edit((j) => { nudge(j).escalate = [{ afterDays: 3, to: 'csm' }] }), 'nudges[0].escalate[0].to',
      'unknown field "to" (did you mean "notify"?)'],
  ])('%s', (_, input, path, message) => {
    expect(errors(input).filter((i) => i.path == path).map((i) => i.message)).toEqual([message])
  })

  // bb-r31 (own changes): a cta as its URL was told to be { "label": "/connect" }, still invalid (a
  // link needs its href), and a date as the start { "trait": "2026-01-01" }, valid but a trait no one has.
  it('says nothing of the object meant where two fields would take the value, or the object would still be wrong', () => {
    // "/projects" is a URL, an event name and a selector alike; a stalled signal needs its days too.
    for (const [input, path] of [
      [edit((j) => { step(j).completeWhen = '/projects' }), `${S}.completeWhen`],
      [edit((j) => { nudge(j).when = { stalled: 'first-report' } }), 'nudges[0].when.stalled'],
      [edit((j) => { step(j).cta = '/connect' }), `${S}.cta`],
      [edit((j) => { nudge(j).card = { title: 'Stuck?', actions: ['Book a call'] } }), 'nudges[0].card.actions[0]'],
      [edit((j) => { j.start = '2026-01-01' }), 'start'],
      // bb-r31 (own changes, 2): an id no milestone has, a URL with its origin or a regular expression
      // (a URL that warns, or an event name) were suggested as { "milestone": … } and { "event": … }.
      [edit((j) => { nudge(j).when = { missed: 'nope' } }), 'nudges[0].when.missed'],
      [edit((j) => { step(j).completeWhen = 'https://app.example.com/invoices*' }), `${S}.completeWhen`],
      [edit((j) => { step(j).completeWhen = '^/invoices/.*$' }), `${S}.completeWhen`],
    ] as const) {
      const [message, ...more] = errors(input).filter((i) => i.path == path).map((i) => i.message)
      expect([message?.startsWith('expected an object, got a string'), message?.includes('write {'), more]).toEqual([true, false, []])
    }
  })

  it('says no "has no due" of a milestone whose due is written wrong', () => {
    const j = edit((j) => { j.milestones[1].due = 3; nudge(j).when = { missed: { milestone: 'first-report' } } })
    expect(validateJourney(j).issues.map((i) => [i.path, i.message])).toEqual([['milestones[1].due', 'expected an object, got 3: write { "day": 3 }']])
  })

  it('warns of a date where the start names a trait', () => {
    const { journey, issues } = validateJourney(edit((j) => { j.start = { trait: '2026-01-01' } }))
    expect(journey).toBeDefined()
    expect(issues).toEqual([{ path: 'start.trait', severity: 'warning',
      message: 'a trait\'s name, not a date: each user\'s day 0 is read from their trait of this name (e.g. "signedUpAt")' }])
  })

  it('warns of an empty "in": it matches no one, and under "not" everyone', () => {
    for (const audience of [{ role: { in: [] } }, { role: { not: { in: [] } } }]) {
      const { journey, issues } = validateJourney(edit((j) => { j.milestones[0].audience = audience }))
      expect(journey).toBeDefined()
      expect(issues).toEqual([{ path: `milestones[0].audience.role${'not' in audience.role ? '.not' : ''}.in`, severity: 'warning',
        message: 'an empty list: no value is in it, so this matches no one (under "not", everyone)' }])
    }
  })
})

describe('validateJourney: tours wait for what the user does', () => {
  const tours = (t: Json): Json => edit((j) => { j.tours = [{ id: 't', title: 'T', steps: [{ text: 'x' }], ...t }] })
  const message = 'expected a click, an event, a URL or an element (not manual or tour)'

  it('names a manual or a tour condition nested in advanceOn or startWhen at its own path', () => {
    const { journey, issues } = validateJourney(tours({
      startWhen: { any: [{ url: '/a' }, { all: [{ event: 'e' }, { manual: true }] }] },
      steps: [{ text: 'x', advanceOn: { all: [{ event: 'a' }, { tour: 't' }] } }, { text: 'y', advanceOn: { manual: true } }],
    }))
    expect(journey).toBeUndefined()
    expect(issues).toEqual([
      { path: 'tours[0].steps[0].advanceOn.all[1]', message, severity: 'error' },
      { path: 'tours[0].steps[1].advanceOn', message, severity: 'error' },
      { path: 'tours[0].startWhen.any[1].all[1]', message, severity: 'error' },
    ])
  })

  it('accepts clicks, events, URLs and elements at any depth', () => {
    expect(validateJourney(tours({ startWhen: { any: [{ url: '/a' }, { all: [{ event: 'e', count: 2 }, { visible: '.v' }] }] },
      steps: [{ text: 'x', advanceOn: { all: [{ click: '#a' }, { any: [{ event: 'b' }] }] } }] })).issues).toEqual([])
  })
})

describe('validateJourney: dependency cycles', () => {
  const chain = (deps: Record<string, string[]>): Json => aJourney({
    milestones: Object.entries(deps).map(([id, dependsOn]) => aMilestone({ id, dependsOn, steps: [aStep({ id: `${id}-s` })] })),
  })

  it.each<[string, Record<string, string[]>, string, string]>([
    ['a self-loop', { a: ['a'] }, 'milestones[0].dependsOn', 'dependency cycle: a → a'],
    ['two milestones', { a: ['b'], b: ['a'] }, 'milestones[0].dependsOn', 'dependency cycle: a → b → a'],
    ['three milestones behind a free one', { x: [], a: ['c'], b: ['a', 'x'], c: ['b'] }, 'milestones[1].dependsOn', 'dependency cycle: a → c → b → a'],
    ['a milestone that only leads into a cycle', { top: ['a'], a: ['b'], b: ['a'] }, 'milestones[1].dependsOn', 'dependency cycle: a → b → a'],
  ])('names %s', (_, deps, path, message) => {
    expect(errors(chain(deps))).toEqual([{ path, message, severity: 'error' }])
  })

  it('names each separate cycle once', () => {
    const messages = errors(chain({ a: ['b'], b: ['a'], c: ['d'], d: ['c'], e: ['a', 'c'] })).map((i) => i.message)
    expect(messages).toEqual(['dependency cycle: a → b → a', 'dependency cycle: c → d → c'])
  })

  it('accepts a diamond of dependencies', () => {
    expect(validateJourney(chain({ a: [], b: ['a'], c: ['a'], d: ['b', 'c'] })).issues).toEqual([])
  })
})

describe('validateJourney: big and hostile input', () => {
  const N = 10_000
  const longChain = (cycle: boolean): Json => ({
    version: 1, id: 'big', title: 'Big',
    milestones: Array.from({ length: N }, (_, i) => ({ id: `m${i}`, title: 'M', steps: [{ id: `s${i}`, title: 'S' }],
      dependsOn: i ? [`m${i - 1}`] : cycle ? [`m${N - 1}`] : [] })),
  })

  it('walks a 10k-long dependency chain without a stack overflow', () => {
    expect(errors(longChain(false))).toEqual([{ path: 'milestones', message: 'expected 1 to 500 items, got 10000', severity: 'error' }])
  })

  it('names a 10k-long cycle', () => {
    const cycle = errors(longChain(true)).find((i) => i.message.startsWith('dependency cycle'))!
    expect(cycle.message).toMatch(/^dependency cycle: m0 → m9999 → m9998 → .* → m1 → m0$/)
    expect(cycle.message.split(' → ')).toHaveLength(N + 1)
  })

  // Measured against copying the same journey with structuredClone, so the bar holds on a busy
  // machine: validating is one walk that builds one copy (10k steps take ~20 ms of CPU here,
  // a little less than the clone); anything quadratic would be hundreds of times slower.
  it('validates 10k steps in about the time it takes to copy them', () => {
    const j = aJourney({ milestones: Array.from({ length: 50 }, (_, m) => aMilestone({
      id: `m${m}`, due: { day: m + 1 }, dependsOn: m ? [`m${m - 1}`] : [], audience: { plan: { in: ['pro'] } },
      steps: Array.from({ length: 200 }, (_, s) => aStep({ id: `s${m}.${s}`, completeWhen: { event: 'e', where: { n: s } },
        cta: { label: 'Go', href: `/x/${s}` } })) })) })
    const time = (f: () => unknown) => { const t = performance.now(); f(); return performance.now() - t }
    const runs = [1, 2, 3, 4, 5].map(() => [time(() => validateJourney(j)), time(() => structuredClone(j))] as const)
    expect(validateJourney(j).issues).toEqual([])
    expect(Math.min(...runs.map(([v]) => v))).toBeLessThan(3 * Math.min(...runs.map(([, c]) => c)))
  })

  it('stops at the depth cap on deep and cyclic objects', () => {
    let deep: Json = { manual: true }
    for (let i = 0; i < 10_000; i++) deep = { all: [deep] }
    const cyclic: Json = { all: [] }
    cyclic.all.push(cyclic)
    const notCycle: Json = { in: ['x'] }
    notCycle.not = notCycle
    for (const j of [edit((j) => { step(j).completeWhen = deep }), edit((j) => { step(j).completeWhen = cyclic }),
      edit((j) => { step(j).audience = { plan: notCycle } })]) {
      expect(errors(j).map((i) => i.message)).toEqual([`nested deeper than ${DEEP} levels`])
    }
  })

  it('reports a cyclic object where a milestone is expected, without looping', () => {
    const j = base()
    j.milestones.push(j.milestones)
    expect(errors(j)).toEqual([{ path: 'milestones[2]', message: 'expected an object, got an array', severity: 'error' }])
  })

  it('accepts a huge string only where it fits', () => {
    expect(errors(edit((j) => { j.title = 'x'.repeat(5_000_000) })).map((i) => i.path)).toEqual(['title'])
  })

  it('never throws on anything, and leaves Object.prototype alone', () => {
    fc.assert(fc.property(fc.anything({ withNullPrototype: true, withBigInt: true, withDate: true, withMap: true, withSet: true,
      withTypedArray: true, withSparseArray: true, withBoxedValues: true }), (v) => {
      const r = validateJourney(v)
      expect(Array.isArray(r.issues)).toBe(true)
    }), { numRuns: 300 })
    expect(Object.keys(Object.prototype)).toEqual([])
  })

  const paths = (v: Json, at: (string | number)[] = []): (string | number)[][] =>
    v && typeof v == 'object' ? [at, ...Object.keys(v).flatMap((k) => paths(v[k], [...at, Array.isArray(v) ? +k : k]))] : [at]

  it('never throws on random edits of a valid journey, and returns a journey only without errors', () => {
    const valid = everything()
    const all = paths(valid).filter((p) => p.length)
    fc.assert(fc.property(fc.constantFrom(...all), fc.jsonValue(), fc.boolean(), (path, value, asJson) => {
      const j = JSON.parse(JSON.stringify(valid))
      let o = j
      for (const k of path.slice(0, -1)) o = o[k]
      o[path.at(-1)!] = value
      const r = validateJourney(asJson ? JSON.parse(JSON.stringify(j)) : j)
      expect(r.journey === undefined).toBe(r.issues.some((i) => i.severity == 'error'))
      if (r.journey) expect(validateJourney(r.journey).issues.filter((i) => i.severity == 'error')).toEqual([])
    }), { numRuns: 300 })
    expect(Object.keys(Object.prototype)).toEqual([])
  })

  it('turns "__proto__" keys from JSON.parse into errors without touching prototypes', () => {
    const j = JSON.parse('{"version":1,"id":"j","title":"J","__proto__":{"polluted":1},"milestones":[{"id":"m","title":"M",' +
      '"audience":{"__proto__":{"polluted":1}},"steps":[{"id":"s","title":"S"}]}]}')
    expect(errors(j).map((i) => i.path)).toEqual(['__proto__', 'milestones[0].audience.__proto__'])
    expect(({} as Json).polluted).toBeUndefined()
  })

  it('reports a revoked proxy instead of throwing', () => {
    const { proxy, revoke } = Proxy.revocable({}, {})
    revoke()
    expect(validateJourney(proxy).issues).toEqual([{ path: '', message: 'unreadable value', severity: 'error' }])
    expect(errors(edit((j) => { j.milestones[0].audience = proxy }))).toEqual([{ path: '', message: 'unreadable value', severity: 'error' }])
  })
})

// bb-r25: what is valid but cannot be what the PM meant.
describe('validateJourney: ladders and URL globs that cannot be meant', () => {
  const warnings = (input: unknown) => validateJourney(input).issues.map((i) => `${i.severity} ${i.path}: ${i.message}`)

  it('warns about a level listed before the one above it, or on the same day: levels are numbered in file order', () => {
    const j = edit((j) => { nudge(j).escalate = [{ afterDays: 5, notify: 'leadership' }, { afterDays: 3, notify: 'csm' }, { afterDays: 3, notify: 'ops' }] })
    expect(warnings(j)).toEqual([
      'warning nudges[0].escalate[1].afterDays: before the level above it (5): levels are numbered in file order, so list them in the order they climb',
      'warning nudges[0].escalate[2].afterDays: the same day as the level above it (3): both are told at once',
    ])
    expect(warnings(edit((j) => { nudge(j).escalate = [{ afterDays: 3, notify: 'csm' }, { afterDays: 5, notify: 'leadership' }] }))).toEqual([])
  })

  it.each([
    ['https://app.example.com/invoices*', 'never matches: the page\'s path is matched, not its origin (write "/invoices*")'],
    ['^/invoices/new.*$', 'looks like a regular expression: only "*" is special in a URL glob'],
    ['/invoices/\\d+', 'looks like a regular expression: only "*" is special in a URL glob'],
    ['/reports/[0-9]+', 'looks like a regular expression: only "*" is special in a URL glob'],
    ['invoices/new*', 'never matches: a page\'s path starts with "/" (write "/invoices/new*")'],
  ])('warns about the URL glob %s, which cannot match a page\'s address', (url, message) => {
    expect(warnings(edit((j) => { step(j).completeWhen = { url } }))).toEqual([`warning ${S}.completeWhen.url: ${message}`])
  })

  // Parentheses and bars are in real addresses (bb-r25's own run: these were warned, and match).
  it.each(['/invoices*', '*#/completed', '/reports?tab=billing*', '/search?q=a+b', '/wiki/*', '/wiki/Mercury_(planet)*',
    '/x?filter=status:open|closed', '/app/*/settings?tab=*', '/#/reports*', '/list?filter[status]=open*'])('takes the URL glob %s as it is', (url) => {
    expect(warnings(edit((j) => { step(j).completeWhen = { url } }))).toEqual([])
  })
})
