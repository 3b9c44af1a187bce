import { describe, expect, it } from 'vitest'
import { emptyProgress } from '../../src/core'
import {
  MAX_BODY_BYTES, MAX_EVENTS, isProgressResponse, isSyncResponse, parseSyncRequest, parseSyncResponse,
} from '../../src/protocol'
import { T0 } from '../builders'

const envelope = (over: Record<string, unknown> = {}) =>
  ({ protocol: 1, batchId: 'b1', userId: 'u1', journeyId: 'acme', events: [], ...over })
const complete = (id: string) => ({ id, type: 'complete', stepId: 'connect', at: T0 })
const parse = (body: unknown) => parseSyncRequest(typeof body === 'string' ? body : JSON.stringify(body))

describe('parseSyncRequest: the envelope', () => {
  it.each([
    ['a body that is not JSON', '{"protocol":1,', 400, 'body: not valid JSON'],
    ['an HTML page', '<html><body>Sign in to the Wi-Fi</body></html>', 400, 'body: not valid JSON'],
    ['a JSON array', '[]', 400, 'body: expected a JSON object'],
    ['another protocol version', envelope({ protocol: 2 }), 400, 'protocol: expected 1'],
    ['no protocol at all', envelope({ protocol: undefined }), 400, 'protocol: expected 1'],
    ['a missing batchId', envelope({ batchId: undefined }), 400, 'batchId: expected a string of 1-100 characters'],
    ['an empty userId', envelope({ userId: '' }), 400, 'userId: expected a string of 1-200 characters'],
    ['a numeric journeyId', envelope({ journeyId: 7 }), 400, 'journeyId: expected a string of 1-100 characters'],
    ['events that are not an array', envelope({ events: {} }), 400, 'events: expected an array'],
    ['101 events', envelope({ events: Array.from({ length: MAX_EVENTS + 1 }, (_, i) => complete(`e${i}`)) }), 413, 'events: at most 100 per batch'],
    ['an event without an id', envelope({ events: [{ type: 'reset', at: T0 }] }), 400, 'events[0].id: expected a string of 1-100 characters'],
    ['a progress document of another user', envelope({ progress: emptyProgress('u2') }), 400, 'progress: not a progress document of this user'],
    ['traits holding an object', envelope({ traits: { plan: { tier: 1 } } }), 400, 'traits.plan: expected a string, number, boolean or null'],
  ])('refuses %s', (_, body, status, error) => {
    expect(parse(body)).toEqual({ status, error })
  })

  it('refuses a body over the byte cap with 413, counting UTF-8 bytes not characters', () => {
    const note = 'é'.repeat(MAX_BODY_BYTES / 2) // 2 bytes each: just over the cap once wrapped
    expect(parse(envelope({ events: [{ id: 'e1', type: 'track', name: 'x', props: { note }, at: T0 }] })))
      .toEqual({ status: 413, error: `body: larger than ${MAX_BODY_BYTES} bytes` })
  })

  it('accepts exactly 100 events', () => {
    const parsed = parse(envelope({ events: Array.from({ length: MAX_EVENTS }, (_, i) => complete(`e${i}`)) }))
    expect('request' in parsed && parsed.request.events).toHaveLength(MAX_EVENTS)
  })

  it('keeps the client document and traits when they are valid', () => {
    const parsed = parse(envelope({ progress: emptyProgress('u1'), traits: { plan: 'pro', seats: 3, admin: true, churned: null } }))
    expect(parsed).toMatchObject({ request: { progress: { userId: 'u1', v: 1 }, traits: { plan: 'pro', seats: 3, admin: true, churned: null } } })
  })
})

describe('parseSyncRequest: accounts', () => {
  it.each([
    ['an empty accountId', envelope({ accountId: '' }), 'accountId: expected a string of 1-200 characters'],
    ['an accountId of 201 characters', envelope({ accountId: 'a'.repeat(201) }), 'accountId: expected a string of 1-200 characters'],
    ['an accountId with a NUL', envelope({ accountId: 'a\u0000b' }), 'accountId: contains a NUL or a lone surrogate'],
    ['an unknown scope', envelope({ accountId: 'acme', scope: 'team' }), 'scope: expected "user" or "account"'],
    ['scope "account" without an accountId', envelope({ scope: 'account' }), 'accountId: required with scope "account"'],
    ['account traits that are not an object', envelope({ accountId: 'acme', accountTraits: [] }), 'accountTraits: expected an object'],
    ['account traits holding an object', envelope({ accountId: 'acme', accountTraits: { tier: {} } }), 'accountTraits.tier: expected a string, number, boolean or null'],
    ['the user\'s document with scope "account"', envelope({ accountId: 'acme', scope: 'account', progress: emptyProgress('u1') }), 'progress: not a progress document of this user'],
  ])('refuses %s with 400', (_, body, error) => {
    expect(parse(body)).toEqual({ status: 400, error })
  })

  it('keeps the account, its traits and the scope; with scope "account" the document is the account\'s', () => {
    const parsed = parse(envelope({ accountId: 'acme', accountTraits: { tier: 'pro', seats: 40 }, scope: 'account', progress: emptyProgress('acme') }))
    expect(parsed).toMatchObject({ request: { accountId: 'acme', accountTraits: { tier: 'pro', seats: 40 }, scope: 'account', progress: { userId: 'acme' } } })
  })

  it('scope "user" is the default and is not kept', () => {
    const parsed = parse(envelope({ accountId: 'acme', scope: 'user' }))
    expect('request' in parsed && parsed.request.scope).toBeUndefined()
  })
})

describe('parseSyncRequest: each event', () => {
  it.each([
    ['an unknown type', { type: 'launch' }, 'type: expected one of track, complete, skip, url, click, visible, session, nudge, escalation, reset'],
    ['no time', { type: 'reset', at: undefined }, 'at: expected a time in epoch milliseconds'],
    ['a negative time', { type: 'reset', at: -1 }, 'at: expected a time in epoch milliseconds'],
    ['a fractional epoch', { type: 'reset', epoch: 1.5 }, 'epoch: expected a whole number 0-1000000'],
    ['a track without a name', { type: 'track' }, 'name: expected a string of 1-1000 characters'],
    ['track props that are an array', { type: 'track', name: 'x', props: [1] }, 'props: expected an object'],
    ['a completion of a prototype key', { type: 'complete', stepId: '__proto__' }, 'stepId: "__proto__" is a reserved name'],
    ['a step id over 100 characters', { type: 'skip', stepId: 'x'.repeat(101) }, 'stepId: expected a string of 1-100 characters'],
    ['a nudge with an unknown action', { type: 'nudge', nudgeId: 'n1', action: 'liked' }, 'action: expected one of shown, clicked, dismissed, snoozed'],
    ['a snooze without an end', { type: 'nudge', nudgeId: 'n1', action: 'snoozed' }, 'until: required when snoozed'],
    ['an escalation without a level', { type: 'escalation', nudgeId: 'n1' }, 'level: expected a whole number ≥ 0'],
    ['an id that is a prototype key', { id: 'constructor', type: 'reset' }, 'id: "constructor" is a reserved name'],
  ])('rejects %s by id, with the reason', (_, fields, reason) => {
    const event = { id: 'bad', at: T0, ...fields }
    const parsed = parse(envelope({ events: [complete('good'), event] }))
    expect(parsed).toMatchObject({ request: { events: [{ id: 'good' }] }, rejected: [{ id: event.id, reason }] })
  })

  it('keeps only the known fields of an event, so nothing else reaches storage', () => {
    const parsed = parse(envelope({ events: [{ ...complete('e1'), html: '<script>', epoch: 2 }] }))
    expect('request' in parsed && parsed.request.events).toEqual([{ id: 'e1', type: 'complete', stepId: 'connect', at: T0, epoch: 2 }])
  })

  it('takes an event id repeated in one batch once', () => {
    const parsed = parse(envelope({ events: [complete('e1'), complete('e1')] }))
    expect('request' in parsed && parsed.request.events.map((e) => e.id)).toEqual(['e1'])
  })

  it('accepts one event of every type', () => {
    const events = [
      { type: 'track', name: 'report.created', props: { rows: 3 } }, { type: 'complete', stepId: 's' }, { type: 'skip', stepId: 's' },
      { type: 'url', url: '/reports?x=1#top' }, { type: 'click', selector: '#new' }, { type: 'visible', selector: '.hint' },
      { type: 'session', sessionId: 'sess1' }, { type: 'nudge', nudgeId: 'n', action: 'snoozed', until: T0 + 1 },
      { type: 'escalation', nudgeId: 'n', milestoneId: 'm', level: 2, notify: 'csm' }, { type: 'reset', epoch: 1 },
    ].map((e, i) => ({ id: `e${i}`, at: T0, ...e }))
    expect(parse(envelope({ events }))).toMatchObject({ rejected: [], request: { events: events.map(({ id }) => ({ id })) } })
  })
})

describe('isSyncResponse: what counts as an acknowledgement', () => {
  const ack = { batchId: 'b1', acked: ['e1'], rejected: [{ id: 'e2', reason: 'type: …' }], progress: emptyProgress('u1') }
  it.each([
    ['an answer echoing the batch id', ack, true],
    ['an answer to another batch', { ...ack, batchId: 'b2' }, false],
    ['an answer without a batch id', { ...ack, batchId: undefined }, false],
    ['acked ids that are not strings', { ...ack, acked: [1] }, false],
    ['a rejection without a reason', { ...ack, rejected: [{ id: 'e2' }] }, false],
    ['no progress document', { ...ack, progress: null }, false],
    ['a proxy error in JSON', { error: 'Bad gateway' }, false],
    ['null', null, false],
  ])('%s → %s', (_, value, expected) => {
    expect(isSyncResponse(value, 'b1')).toBe(expected)
  })

  it.each([
    ['a captive portal 200 HTML page', '<!doctype html><title>Hotel Wi-Fi</title>'],
    ['an empty body', ''],
    ['JSON without the batch id', '{"ok":true}'],
  ])('parseSyncResponse reads %s as no ack', (_, text) => {
    expect(parseSyncResponse(text, 'b1')).toBeNull()
  })

  it('parseSyncResponse returns the answer that echoes the batch id', () => {
    expect(parseSyncResponse(JSON.stringify(ack), 'b1')).toEqual(ack)
  })

  it('isProgressResponse wants a progress object', () => {
    expect([isProgressResponse({ progress: emptyProgress('u1') }), isProgressResponse({ progress: 'x' }), isProgressResponse('<html>')])
      .toEqual([true, false, false])
  })
})
