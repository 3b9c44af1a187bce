// `milepost simulate`, run as a real subprocess of the CLI built from source: the table, JSON, and errors.
import { describe, expect, it } from 'vitest'
import { run } from '../../src/cli/run'
import { memoryIo, recipe, useBuiltCli } from './helpers'

const milepost = useBuiltCli()

const mini = JSON.stringify({
  version: 1, id: 'mini', title: 'Mini onboarding', start: { trait: 'signedUpAt' },
  milestones: [
    { id: 'connect', title: 'Connect your data', due: { day: 2 },
      steps: [{ id: 'add-source', title: 'Add a source', completeWhen: { event: 'source.added' } }] },
    { id: 'report', title: 'First report', due: { day: 4 }, dependsOn: ['connect'], steps: [
      { id: 'open', title: 'Open reports', completeWhen: { url: '/reports*' } },
      { id: 'create', title: 'Create a report', completeWhen: { event: 'report.created' } },
    ] },
  ],
  nudges: [{ id: 'report-stalled', when: { stalled: { milestone: 'report', days: 1 } }, card: { title: 'Need a hand?' }, maxShows: 2,
    escalate: [{ afterDays: 1, notify: 'csm', message: 'Report stalled' }] }],
}, null, 2)
const events = '{"day": 1, "type": "track", "name": "source.added"}\n{"day": 2, "type": "url", "url": "/reports"}\n'
const files = { 'mini.json': mini, 'events.jsonl': events }
const traits = '{"signedUpAt":"2026-11-02T09:00:00Z","plan":"pro"}'

// #11: expectations follow the new status rules (waiting, pace, last third, calendar days).
describe('milepost simulate', () => {
  it('prints a block per day: each milestone with colour, status and reason, the card shown, the escalations fired', () => {
    // Stalled from day 3 (last step day 2, + 1 day): the card on days 3 and 4 (maxShows 2), the CSM on day 4.
    // The report's window is days 0–4: at risk when the share of time used beats the share of steps done.
    expect(milepost(['simulate', 'mini.json', '--traits', traits, '--events', 'events.jsonl', '--days', '5'], files)).toEqual({
      code: 0,
      stderr: '',
      stdout: `Mini onboarding (mini): day 0 to day 5 for one user
day 0 is 2026-11-02 09:00 UTC (the signedUpAt trait) · traits {"signedUpAt":"2026-11-02T09:00:00Z","plan":"pro"} · 2 events

day 0  Mon 2026-11-02  0% done · finish: day 4 planned, on plan
  connect     green  on-track    0%  On track: due in 2 days
  report      green  on-track    0%  Starts after “Connect your data”

day 1  Tue 2026-11-03  33% done · finish: day 4 planned, on plan
  connect     green  done      100%  Done
  report      green  on-track    0%  On track: due in 3 days

day 2  Wed 2026-11-04  67% done · finish: day 4 planned, on plan
  connect     green  done      100%  Done
  report      green  on-track   50%  On track: due in 2 days

day 3  Thu 2026-11-05  67% done · finish: day 4 planned, day 5 projected (1 day late)
  connect     green  done      100%  Done
  report      amber  at-risk    50%  At risk: 50% done, due tomorrow
  card        "Need a hand?" (report-stalled)

day 4  Fri 2026-11-06  67% done · finish: day 4 planned, day 7 projected (3 days late)
  connect     green  done      100%  Done
  report      amber  at-risk    50%  At risk: 50% done, due today
  card        "Need a hand?" (report-stalled)
  escalation  → csm  report-stalled level 1 of 1 about report: Report stalled

day 5  Sat 2026-11-07  67% done · finish: day 4 planned, day 9 projected (5 days late)
  connect     green  done      100%  Done
  report      red    overdue    50%  1 day overdue
`,
    })
  })

  it('prints the same days as JSON with --format json', () => {
    const r = milepost(['simulate', 'mini.json', '--traits', traits, '--events', 'events.jsonl', '--days', '5', '--format', 'json'], files)
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout)
    expect(out).toMatchObject({ journey: { id: 'mini' }, start: '2026-11-02T09:00:00.000Z', excluded: [], eventsAfterLastDay: 0 })
    expect(out.days).toHaveLength(6)
    expect(out.days[4]).toEqual({
      day: 4, at: '2026-11-06T09:00:00.000Z', percent: 67, done: false,
      status: 'behind', colour: 'amber', headline: 'Behind: “First report” is at risk; finish 3 days later than planned',
      plannedFinish: '2026-11-06T09:00:00.000Z', projectedFinish: '2026-11-09T09:00:00.000Z', slipDays: 3,
      milestones: [
        { id: 'connect', title: 'Connect your data', status: 'done', colour: 'green', reason: 'Done', percent: 100, due: '2026-11-04T09:00:00.000Z' },
        { id: 'report', title: 'First report', status: 'at-risk', colour: 'amber', reason: 'At risk: 50% done, due today',
          percent: 50, due: '2026-11-06T09:00:00.000Z' },
      ],
      card: { nudge: 'report-stalled', title: 'Need a hand?' },
      nudges: [{ id: 'report-stalled', milestone: 'report', show: true, level: 1 }],
      escalations: [{ nudge: 'report-stalled', milestone: 'report', level: 1, of: 1, notify: 'csm', message: 'Report stalled' }],
    })
    expect(out.days[5].card).toBeNull()
  })

  it('starts on a fixed default date without a start trait, and names the milestones this user does not get', () => {
    const r = milepost(['simulate', 'segments.json', '--traits', '{"plan":"free","role":"member"}', '--days', '0'], { 'segments.json': recipe('segment-plans.json') })
    expect(r.code).toBe(0)
    expect(r.stdout.split('\n').slice(0, 4)).toEqual([
      'Get your team started (segment-plans): day 0 to day 0 for one user',
      'day 0 is 2026-01-01 (the default; set the signedUpAt trait or --start) · traits {"plan":"free","role":"member"} · 0 events',
      'not for this user (audience): invite-team, sso-rollout, onboarding-call',
      '',
    ])
  })

  it('says why a start trait given is not day 0 when it is not a date', () => {
    const r = milepost(['simulate', 'segments.json', '--traits', '{"plan":"free","signedUpAt":"nonsense"}', '--days', '0'], { 'segments.json': recipe('segment-plans.json') })
    expect(r.code).toBe(0)
    expect(r.stdout.split('\n')[1]).toBe('day 0 is 2026-01-01 (the default (the signedUpAt trait "nonsense" is not a date: ISO text, or epoch seconds or ms); set the signedUpAt trait or --start) · traits {"plan":"free","signedUpAt":"nonsense"} · 0 events')
  })

  it('takes day 0 from --start, and notes events after the last day', () => {
    const r = milepost(['simulate', 'mini.json', '--start', '2026-05-04', '--events', 'events.jsonl', '--days', '1'], files)
    expect(r.stdout.split('\n')[1]).toBe('day 0 is 2026-05-04 (--start) · traits {} · 2 events (1 after day 1, not applied)')
  })

  // bb-r24: --start 1793523600 (a backend's seconds) simulated January 1970, where the start trait reads seconds.
  it('reads --start digits as the start trait does: epoch seconds below 10^11, else milliseconds', () => {
    const day0 = (start: string) => milepost(['simulate', 'mini.json', '--start', start, '--days', '0'], files).stdout.split('\n')[1]!.split(' (')[0]
    expect([day0('1793523600'), day0('1793523600000'), day0('2026-11-01T09:00:00Z')]).toEqual(Array(3).fill('day 0 is 2026-11-01 09:00 UTC'))
  })

  it('prints warnings about the events to stderr and still simulates', () => {
    const r = milepost(['simulate', 'mini.json', '--events', 'typo.jsonl', '--days', '0'], { ...files, 'typo.jsonl': '{"day": 0, "type": "track", "name": "source.add"}\n' })
    expect(r.code).toBe(0)
    expect(r.stderr).toBe('typo.jsonl:1:37 name: warning: no step completes on event "source.add" (did you mean "source.added"?)\n')
  })

  it('lists bad event lines and exits 2 without simulating', () => {
    const r = milepost(['simulate', 'mini.json', '--events', 'bad.jsonl'], { ...files, 'bad.jsonl': '{"day": 1, "type": "complete"}\n{"day": 1\n' })
    expect(r).toEqual({
      code: 2, stdout: '',
      stderr: 'bad.jsonl:1:1: missing "stepId"\nbad.jsonl:2:10: invalid JSON: expected "," or "}" after a property, found the end of the file\n' +
        'milepost simulate: bad.jsonl: 2 bad events, nothing simulated\n',
    })
  })

  it('refuses a journey with errors: its issues as validate prints them, exit 1', () => {
    expect(milepost(['simulate', 'broken.json'], { 'broken.json': '{"version": 1, "id": "x", "title": "X", "milestones": []}' })).toEqual({
      code: 1, stderr: '',
      stdout: 'broken.json:1:55 milestones: expected 1 to 500 items, got 0\nbroken.json: cannot simulate a journey with errors; see milepost validate broken.json\n',
    })
  })

  it.each<[string[], string]>([
    [['mini.json', '--traits', '{plan: "pro"}'], `--traits: invalid JSON at column 2: expected a property name in double quotes, found plan; expected an object like '{"plan":"pro","signedUpAt":"2026-11-02T09:00:00Z"}'`],
    [['mini.json', '--traits', '["pro"]'], `--traits: expected a JSON object like '{"plan":"pro","signedUpAt":"2026-11-02T09:00:00Z"}'`],
    [['mini.json', '--traits', '{"tags":["a"]}'], '--traits: trait "tags" must be a string, number, boolean or null, not an array'],
    [['mini.json', '--traits', traits, '--start', '2026-01-01'], '--start 2026-01-01 differs from the signedUpAt trait (2026-11-02 09:00 UTC), which is day 0 for this journey: give one of them'],
    [['mini.json', '--events', 'none.jsonl'], 'cannot read events file none.jsonl: no such file'],
    [['none.json'], 'cannot read journey file none.json: no such file'],
  ])('refuses bad input %j in one line, exit 2', (args, message) => {
    expect(milepost(['simulate', ...args], files)).toEqual({ code: 2, stdout: '', stderr: `milepost simulate: ${message}\n` })
  })

  it.each<[string[], string]>([
    [['mini.json', '--days', '1.5'], '--days must be a whole number from 0 to 3650, not "1.5"'],
    [['mini.json', '--days', '4000'], '--days must be a whole number from 0 to 3650, not "4000"'],
    [['mini.json', '--start', 'monday'], '--start: expected an ISO date-time with Z or an offset ("2026-01-05T09:00:00Z"), a date ("2026-01-05"), or epoch milliseconds, not "monday"'],
    [['mini.json', '--trait', '{}'], 'unknown option --trait (did you mean --traits?)'],
    [['mini.json', 'other.json'], 'simulate needs exactly one journey file: milepost simulate journey.json'],
    [['mini.json', '--format', 'csv'], '--format must be text or json, not "csv"'],
  ])('refuses the command line %j with a pointer to --help, exit 2', (args, message) => {
    expect(milepost(['simulate', ...args], files)).toEqual({
      code: 2, stdout: '', stderr: `milepost simulate: ${message}\nRun milepost simulate --help for usage.\n`,
    })
  })

  it('stops quietly when its output is cut short (| head)', () => {
    const r = milepost(['simulate', 'mini.json', '--days', '3650', '--events', 'events.jsonl'], files)
    expect(r.stdout.split('\n').length).toBeGreaterThan(10_000)
    // sh reports the exit code of head; what matters is that milepost wrote nothing to stderr.
    const cut = milepost.piped('milepost simulate mini.json --days 3650 --events events.jsonl | head -n 1')
    expect(cut).toEqual({ code: 0, stdout: 'Mini onboarding (mini): day 0 to day 3650 for one user\n', stderr: '' })
  })

  it('prints its usage with --help', () => {
    const r = milepost(['simulate', '--help'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^Usage: milepost simulate <journey\.json> \[options\]/)
    expect(milepost(['help', 'simulate']).stdout).toBe(r.stdout)
  })
})

describe('colour', () => {
  it('paints the colour words on a terminal, and leaves them plain otherwise', () => {
    const args = ['simulate', 'mini.json', '--days', '5', '--events', 'events.jsonl']
    const tty = memoryIo(files, true)
    expect(run(args, tty.io)).toBe(0)
    expect(tty.out()).toContain('\x1b[31mred  \x1b[39m  overdue')
    expect(tty.out()).toContain('\x1b[33mamber\x1b[39m  at-risk')
    const pipe = memoryIo(files, false)
    run(args, pipe.io)
    expect(pipe.out()).not.toContain('\x1b[')
    expect(tty.out().replace(/\x1b\[\d+m/g, '')).toBe(pipe.out())
  })
})
