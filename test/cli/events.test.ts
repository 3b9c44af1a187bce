// The events file of simulate: one JSON event per line, each checked and placed by line and column.
import { describe, expect, it } from 'vitest'
import { readEvents } from '../../src/cli/events'
import { emptyProgress, foldEvents, validateJourney } from '../../src/core/index'
import type { Journey } from '../../src/core/index'
import { dayAt, T0 } from '../builders'
import { recipe } from './helpers'

const journey: Journey = validateJourney(JSON.parse(recipe('stalled-recovery.json'))).journey!
const read = (...lines: string[]) => readEvents(lines.join('\n'), 'ev.jsonl', journey, T0)

describe('readEvents', () => {
  it('reads a reset (the user\'s progress starts over, as reset() in the browser) and the events after it count anew', () => {
    const r = read('{"day": 1, "type": "complete", "stepId": "verify-dns"}', '{"day": 2, "type": "reset"}', '{"day": 3, "type": "track", "name": "domain.added"}')
    expect([r.errors, r.warnings]).toEqual([[], []])
    expect(r.events.map((e) => e.type)).toEqual(['complete', 'reset', 'track'])
    const doc = foldEvents(emptyProgress('u'), r.events)
    expect([doc.epoch, doc.steps['verify-dns'], Object.keys(doc.tracks)]).toEqual([1, undefined, ['domain.added']])
  })

  it('reads core events with "day" (fractions allowed) or "at" (ISO or epoch ms), and gives ids', () => {
    const r = read(
      '{"day": 1, "type": "track", "name": "domain.added", "props": {"via": "dns"}}',
      '{"day": 2.5, "type": "complete", "stepId": "verify-dns", "id": "mine"}',
      `{"at": "2026-11-04T10:00:00Z", "type": "url", "url": "/campaigns/1/edit"}`,
      `{"at": ${dayAt(4)}, "type": "session"}`,
    )
    expect(r).toEqual({
      errors: [], warnings: [],
      events: [
        { id: 'line-1', at: dayAt(1), type: 'track', name: 'domain.added', props: { via: 'dns' } },
        { id: 'mine', at: dayAt(2.5), type: 'complete', stepId: 'verify-dns' },
        { id: 'line-3', at: Date.parse('2026-11-04T10:00:00Z'), type: 'url', url: '/campaigns/1/edit' },
        { id: 'line-4', at: dayAt(4), type: 'session', sessionId: 'session-line-4' },
      ],
    })
  })

  it('skips blank lines and # comments', () => {
    expect(read('# setup', '', '   ', '{"day": 0, "type": "track", "name": "domain.added"}').events).toHaveLength(1)
  })

  it("gives a snooze without until the nudge's snoozeDays (default 1)", () => {
    expect(read('{"day": 1, "type": "nudge", "nudgeId": "campaign-stalled", "action": "snoozed"}').events[0]).toMatchObject({ until: dayAt(2) })
    expect(read('{"day": 1, "type": "nudge", "nudgeId": "campaign-stalled", "action": "snoozed", "until": "2026-11-09"}').events[0])
      .toMatchObject({ until: Date.parse('2026-11-09') })
  })

  it('reports every bad line at the column of the bad field', () => {
    const r = read(
      '{"day": 1, "type": "tracked", "name": "x"}',
      '{"day": 1, "type": "complete"}',
      '{"day": -1, "type": "track", "name": "domain.added"}',
      '{"at": "2026-11-04 10:00", "type": "track", "name": "domain.added"}',
      '{"at": "2026-10-01T00:00:00Z", "type": "track", "name": "domain.added"}',
      '{"type": "track", "name": "domain.added"}',
      '{"day": 1, "at": 5, "type": "track", "name": "domain.added"}',
      '{"day": 1, "type": "nudge", "nudgeId": "campaign-stalled", "action": "closed"}',
      '  [1, 2]',
      '{"day": 1, "type": "track", "name": "a",}',
      '{"day": 1, "type": "escalation", "nudgeId": "campaign-stalled", "level": 0, "id": 7}',
    )
    expect(r.events).toEqual([])
    expect(r.errors).toEqual([
      'ev.jsonl:1:20 type: expected "type": one of track, complete, skip, url, click, visible, session, nudge, escalation, reset (did you mean "track"?)',
      'ev.jsonl:2:1: missing "stepId"',
      'ev.jsonl:3:9 day: expected a journey day: a number from 0, fractions allowed, got -1',
      'ev.jsonl:4:8 at: expected an ISO date-time with Z or an offset ("2026-01-05T09:00:00Z"), a date ("2026-01-05"), or epoch milliseconds',
      'ev.jsonl:5:8 at: before day 0 (2026-11-01 09:00 UTC)',
      'ev.jsonl:6:1: give exactly one of "day" (a journey day, e.g. 2.5) or "at" (a moment)',
      'ev.jsonl:7:1: give exactly one of "day" (a journey day, e.g. 2.5) or "at" (a moment)',
      'ev.jsonl:8:70 action: expected one of shown, clicked, dismissed, snoozed',
      'ev.jsonl:9:3: expected an event object, like {"day": 1, "type": "track", "name": "report.created"}',
      'ev.jsonl:10:40: invalid JSON: trailing comma before "}"',
      'ev.jsonl:11:74 level: expected an integer from 1',
      'ev.jsonl:11:83 id: expected a non-empty string',
    ])
  })

  it('says what it got for a day that is not a number: a quoted "2" (bb-r25)', () => {
    expect(read('{"day": "2", "type": "track", "name": "domain.added"}').errors).toEqual([
      'ev.jsonl:1:9 day: expected a journey day: a number from 0, fractions allowed, got a string ("2")'])
  })

  it('warns about unknown fields and what the journey would not notice', () => {
    const r = read(
      '{"day": 1, "type": "complete", "stepID": "add-domain", "stepId": "add-domian"}',
      '{"day": 1, "type": "track", "name": "domain.add"}',
      '{"day": 1, "type": "url", "url": "/billing"}',
      '{"day": 1, "type": "click", "selector": "#save-segmnt"}',
      '{"day": 1, "type": "nudge", "nudgeId": "campaign-stall", "action": "clicked"}',
    )
    expect(r.errors).toEqual([])
    expect(r.events).toHaveLength(5)
    expect(r.warnings).toEqual([
      'ev.jsonl:1:32 stepID: warning: unknown field "stepID", ignored (did you mean "stepId"?)',
      'ev.jsonl:1:66 stepId: warning: step "add-domian" is not in the journey (did you mean "add-domain"?)',
      'ev.jsonl:2:37 name: warning: no step completes on event "domain.add" (did you mean "domain.added"?)',
      `ev.jsonl:3:34 url: warning: no step's url matches "/billing"`,
      'ev.jsonl:4:41 selector: warning: no step completes on click "#save-segmnt" (did you mean "#save-segment"?)',
      'ev.jsonl:5:40 nudgeId: warning: nudge "campaign-stall" is not in the journey (did you mean "campaign-stalled"?)',
    ])
  })
})
