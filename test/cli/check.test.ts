// A journey file's issues land on the line and column of the offending value.
import { describe, expect, it } from 'vitest'
import { checkJourneyText, formatIssue, summarise } from '../../src/cli/check'
import { pathSegments } from '../../src/cli/issue-path'

describe('reading validateJourney paths back', () => {
  it.each<[string, (string | number)[]]>([
    ['', []],
    ['title', ['title']],
    ['milestones[1].steps[0].completeWhen.event', ['milestones', 1, 'steps', 0, 'completeWhen', 'event']],
    ['milestones[0].audience["odd key"]', ['milestones', 0, 'audience', 'odd key']],
    ['audience["say \\"hi\\""].in[2]', ['audience', 'say "hi"', 'in', 2]],
    ['$schema', ['$schema']],
  ])('%j', (path, segments) => {
    expect(pathSegments(path)).toEqual(segments)
  })
})

describe('checkJourneyText', () => {
  const text = `{
  "version": 1,
  "id": "demo",
  "title": "Demo",
  "milestones": [
    {
      "id": "m1",
      "title": "First",
      "dependOn": [],
      "audience": { "odd key": [1] },
      "steps": [{ "id": "s1", "title": "" }]
    }
  ]
}
`
  const lineOf = (line: number, column: number) => text.split('\n')[line - 1]!.slice(column - 1)

  it('places each issue on its value, and unknown fields on their key, in file order', () => {
    const { journey, issues } = checkJourneyText(text)
    expect(journey).toBeUndefined()
    expect(issues.map((i) => [i.path, i.line, lineOf(i.line, i.column)])).toEqual([
      ['milestones[0].dependOn', 9, '"dependOn": [],'],
      ['milestones[0].audience["odd key"]', 10, '[1] },'],
      ['milestones[0].steps[0].title', 11, '"" }]'],
    ])
  })

  it('formats them as file:line:column path: message, warnings marked', () => {
    const c = checkJourneyText(text)
    expect(c.issues.map((i) => formatIssue('j.json', i))).toEqual([
      'j.json:9:7 milestones[0].dependOn: unknown field "dependOn" (did you mean "dependsOn"?)',
      'j.json:10:32 milestones[0].audience["odd key"]: expected a value, or a condition such as { "in": [ … ] } for one of several, got an array',
      'j.json:11:40 milestones[0].steps[0].title: expected a string of 1 to 1000 characters, got a string ("")',
    ])
    expect(summarise('j.json', c)).toBe('j.json: 3 errors')
  })

  it('names the top level when the path is the root', () => {
    const c = checkJourneyText('{\n  "version": 1\n}')
    expect(c.issues.map((i) => formatIssue('j.json', i))).toEqual([
      'j.json:1:1 (top level): missing "id"',
      'j.json:1:1 (top level): missing "title"',
      'j.json:1:1 (top level): missing "milestones"',
    ])
  })

  // bb-r25: a block copied twice ("due" given again lower down) was resolved silently, the later value kept.
  it('warns about a key given twice in one object, at the repeat, as the browser keeps the later value', () => {
    const twice = `{"version": 1, "id": "j", "title": "J",
  "milestones": [{"id": "m", "title": "M", "due": {"day": 3}, "steps": [{"id": "s", "title": "S"}],
    "due": {"day": 7}}]}`
    const { journey, issues } = checkJourneyText(twice)
    expect(journey!.milestones[0]!.due).toEqual({ day: 7 })
    expect(issues.map((i) => formatIssue('j.json', i))).toEqual([
      'j.json:3:5 milestones[0].due: warning: "due" is given twice in this object: the later value is used, the earlier one ignored',
    ])
  })

  it('reports invalid JSON once, at the syntax error, without a path', () => {
    const c = checkJourneyText('{\n  "version": 1\n  "id": "x"\n}')
    expect(c.issues).toEqual([{ severity: 'error', path: null, message: 'invalid JSON: expected "," or "}" after a property, found "\\""', line: 3, column: 3 }])
    expect(formatIssue('j.json', c.issues[0]!)).toBe('j.json:3:3 invalid JSON: expected "," or "}" after a property, found "\\""')
    expect(summarise('j.json', c)).toBe('j.json: invalid JSON')
  })

  it('gives the clean journey, its size and its manual steps when valid', () => {
    const c = checkJourneyText('{"version":1,"id":"j","title":"J","milestones":[{"id":"m","title":"M","steps":[{"id":"s","title":"S"}]}]}')
    expect(c.journey?.id).toBe('j')
    expect(summarise('j.json', c)).toBe('j.json: valid (1 milestone, 1 step, 0 nudges); 1 manual step, ticked by the user: s')
    const auto = checkJourneyText('{"version":1,"id":"j","title":"J","milestones":[{"id":"m","title":"M","steps":[' +
      '{"id":"a","title":"A","completeWhen":{"event":"x"}},{"id":"b","title":"B","completeWhen":{"manual":true}}]}]}')
    expect(summarise('j.json', auto)).toBe('j.json: valid (1 milestone, 2 steps, 0 nudges); 1 manual step, ticked by the user: b')
  })

  it('counts the tours of a journey that has some', () => {
    const toured = checkJourneyText('{"version":1,"id":"j","title":"J","milestones":[{"id":"m","title":"M","steps":[{"id":"s","title":"S","completeWhen":{"tour":"intro"}}]}],' +
      '"tours":[{"id":"intro","title":"Intro","steps":[{"text":"Hi"},{"target":"#new","text":"Click New","advanceOn":{"click":"#new"}}]}]}')
    expect(summarise('j.json', toured)).toBe('j.json: valid (1 milestone, 1 step, 0 nudges, 1 tour (2 tour steps))')
  })

  it('warns at their lines of a nudge that never holds and of a due on day 0, and says a date-time lacks its zone', () => {
    const journey = `{
  "version": 1, "id": "j", "title": "J",
  "milestones": [
    { "id": "setup", "title": "Set up", "due": { "day": 0 }, "steps": [{ "id": "a", "title": "A" }] },
    { "id": "report", "title": "Report", "steps": [{ "id": "b", "title": "B" }] }
  ],
  "nudges": [
    { "id": "late", "when": { "missed": { "milestone": "report" } }, "escalate": [{ "afterDays": 0, "notify": "csm" }] }
  ]
}`
    const c = checkJourneyText(journey)
    expect(c.issues.map((i) => formatIssue('j.json', i))).toEqual([
      'j.json:4:57 milestones[0].due.day: warning: due at the start, and overdue from the first moment after that: use { "day": 1 } for "by the end of the first day"',
      'j.json:8:56 nudges[0].when.missed.milestone: warning: milestone "report" has no due: missed never holds',
    ])
    expect(summarise('j.json', c, true)).toBe('j.json: 2 warnings (--strict: warnings fail)')
    const zoneless = checkJourneyText(journey.replace('{ "day": 0 }', '{ "date": "2026-12-01T17:00:00" }'))
    expect(zoneless.issues.map((i) => formatIssue('j.json', i))[0]).toBe(
      'j.json:4:58 milestones[0].due.date: a time needs Z or an offset such as +01:00: "2026-12-01T17:00:00"')
  })

  it('fails a file with warnings under strict, saying why', () => {
    const c = checkJourneyText('{"version":1,"id":"j","title":"J","notes":"x","milestones":[{"id":"m","title":"M","steps":[{"id":"s","title":"S"}]}]}')
    expect(summarise('j.json', c)).toMatch(/^j\.json: valid, 1 warning /)
    expect(summarise('j.json', c, true)).toBe('j.json: 1 warning (--strict: warnings fail)')
  })
})
