// A webhook tells a notice as it was when it was made, however late it is sent: the same body on
// every try, never "done, 100 %" for a level made while the milestone was overdue.
import { describe, expect, it } from 'vitest'
import { emptyProgress, foldEvents } from '../../src/core'
import { asOf } from '../../src/core/as-of'
import type { Journey, Progress, ProgressEvent } from '../../src/core/types'
import { createWebhookForwarder, describeNotice } from '../../src/server'
import type { Notice, PendingNotice, SyncStore } from '../../src/server'
import { describeNoticeAsMade } from '../../src/server/notice'
import { dayAt, T0 } from '../builders'
import { STORES, journeyId, openStore } from './fixtures'

const HOUR = 3_600_000
const journeyOf = (id: string): Journey => ({
  version: 1, id, title: 'Get started', start: { trait: 'signedUpAt' },
  milestones: [{ id: 'connect', title: 'Connect your data', due: { day: 2 }, steps: [{ id: 'a1', title: 'Pick a source' }, { id: 'a2', title: 'Invite your admin' }] }],
})
const signedUp = { signedUpAt: new Date(T0).toISOString() }

describe('asOf', () => {
  const doc: Progress = foldEvents(emptyProgress('u1'), [
    { id: 'c1', type: 'complete', stepId: 'a1', at: dayAt(1) },
    { id: 't1', type: 'track', name: 'opened', at: dayAt(1) },
    { id: 'u1', type: 'url', url: '/setup', at: dayAt(1) },
    { id: 's1', type: 'session', sessionId: 'one', at: dayAt(1) },
    { id: 'n1', type: 'nudge', nudgeId: 'stalled', action: 'shown', at: dayAt(2) },
    { id: 'x1', type: 'escalation', nudgeId: 'stalled', milestoneId: 'connect', level: 1, at: dayAt(3) },
    { id: 'c2', type: 'complete', stepId: 'a2', at: dayAt(4) },
    { id: 'k2', type: 'skip', stepId: 'b1', at: dayAt(4) },
    { id: 't2', type: 'track', name: 'opened', at: dayAt(4) },
    { id: 't3', type: 'track', name: 'later', at: dayAt(4) },
    { id: 'u2', type: 'url', url: '/done', at: dayAt(4) },
    { id: 's2', type: 'session', sessionId: 'two', at: dayAt(4) },
    { id: 'n2', type: 'nudge', nudgeId: 'stalled', action: 'dismissed', at: dayAt(4) },
    { id: 'x2', type: 'escalation', nudgeId: 'stalled', milestoneId: 'connect', level: 2, at: dayAt(5) },
  ])

  it('leaves out every record stamped after the moment, keeps those at or before it', () => {
    const then = asOf(doc, dayAt(3))
    expect(Object.keys(then.steps)).toEqual(['a1'])
    expect(then.tracks).toEqual({ opened: [expect.objectContaining({ id: 't1' })] })
    expect(Object.keys(then.urls)).toEqual(['/setup'])
    expect(Object.keys(then.sessions)).toEqual(['one'])
    expect(then.nudges.stalled).toEqual({ shown: { n1: dayAt(2) } })
    expect(Object.values(then.escalations)).toEqual([dayAt(3)])
    expect(then.lastSeen).toBe(dayAt(1)) // the latest activity kept: shows and escalations are not the user's
    expect(then.firstSeen).toBe(doc.firstSeen)
    expect(asOf(doc, dayAt(9))).toEqual(doc) // nothing later: the same document
  })
})

describe('describeNoticeAsMade', () => {
  const journey = journeyOf('acme')
  const pending = (event: PendingNotice['event'], kind: PendingNotice['kind']): PendingNotice => ({ kind, journeyId: 'acme', userId: 'u1', event, attempts: 0 })
  const view = { view: { scope: 'user' as const, traits: signedUp } }

  it('an owner\'s "completed" counts the completing batch\'s records a client clock stamped a little ahead of the server', async () => {
    const doc = foldEvents(emptyProgress('u1'), [
      { id: 'c1', type: 'complete', stepId: 'a1', at: dayAt(1) },
      { id: 'c2', type: 'complete', stepId: 'a2', at: dayAt(1) + 120_000 },
    ])
    const event = { id: 'owner:0:connect:completed', type: 'owner' as const, milestoneId: 'connect', reason: 'completed' as const, notify: ['csm'], at: dayAt(1), epoch: 0 }
    const notice = await describeNoticeAsMade(pending(event, 'owner'), doc, () => journey, view)
    expect(notice.milestone).toMatchObject({ status: 'done', percent: 100 })
  })

  it('a document reset since the notice no longer tells what was done then: no milestone, nothing done', async () => {
    const doc = foldEvents(emptyProgress('u1'), [
      { id: 'c1', type: 'complete', stepId: 'a1', at: dayAt(1) },
      { id: 'r1', type: 'reset', epoch: 1, at: dayAt(4) },
      { id: 'c3', type: 'complete', stepId: 'a1', at: dayAt(4), epoch: 1 },
    ])
    const event: ProgressEvent = { id: 'esc:0:x', type: 'escalation', nudgeId: 'stalled', milestoneId: 'connect', level: 1, at: dayAt(3), epoch: 0 }
    const notice = await describeNoticeAsMade(pending(event, 'escalation'), doc, () => journey, view)
    expect(notice.done).toEqual([])
    expect(notice).not.toHaveProperty('milestone')
  })
})

describe.each(STORES)('a late webhook on the $name store', ({ name, make }) => {
  let store: SyncStore
  openStore(make, (s) => (store = s))

  it('posts the escalation as it was made (overdue, 50 %, done [a1]), the same body on every try, though the user finished since', async () => {
    const j = journeyId(`as-made-${name}`)
    const journey = journeyOf(j)
    const a1: ProgressEvent = { id: 'l0', type: 'track', name: 'x', at: T0 + 0.1 * 86_400_000 }
    const done1: ProgressEvent = { id: 'c1', type: 'complete', stepId: 'a1', at: T0 + 0.1 * 86_400_000 }
    const madeAt = dayAt(2) + HOUR
    const escalation: ProgressEvent = { id: 'esc:0:late:connect:1', type: 'escalation', nudgeId: 'late', milestoneId: 'connect', level: 1, notify: 'csm', at: madeAt, epoch: 0 }
    await store.ingest({ journeyId: j, userId: 'u1', now: a1.at, traits: signedUp, events: [a1, done1] })
    await store.ingest({ journeyId: j, userId: 'u1', now: madeAt, events: [escalation] })
    // What onEscalation was told when the level was made.
    const then = foldEvents(emptyProgress('u1'), [a1, done1, escalation])
    const made = await describeNotice({ kind: 'escalation', journeyId: j, userId: 'u1', event: escalation, attempts: 0 }, then, madeAt, () => journey,
      { view: { scope: 'user', traits: signedUp } })
    expect(made.milestone).toMatchObject({ status: 'overdue', percent: 50 })
    expect(made.done).toEqual(['a1'])
    // The user finishes four hours later; the receiver is down until three days after.
    await store.ingest({ journeyId: j, userId: 'u1', now: madeAt + 4 * HOUR, events: [{ id: 'c2', type: 'complete', stepId: 'a2', at: madeAt + 4 * HOUR }] })

    const bodies: Notice[] = []
    let status = 500
    let clock = madeAt + 5 * HOUR
    const forwarder = createWebhookForwarder({
      url: 'http://127.0.0.1:9/hook', store, journeys: (id) => (id === j ? journey : undefined), now: () => clock, log: () => {},
      fetch: (async (_: string, init: RequestInit) => {
        const body = JSON.parse(init.body as string) as Notice
        if (body.journeyId !== j) return new Response(null, { status: 204 })
        bodies.push(body)
        return new Response(null, { status })
      }) as typeof fetch,
    })
    await forwarder.flush()
    clock = madeAt + 3 * 86_400_000
    status = 204
    await forwarder.flush()
    expect(bodies).toHaveLength(2)
    expect(bodies[0]).toMatchObject({ milestone: { status: 'overdue', percent: 50, daysOverdue: made.milestone!.daysOverdue }, done: ['a1'] })
    expect(bodies[1]).toEqual(bodies[0]) // the same body under the same webhook-id
    expect(bodies[1]).toEqual(JSON.parse(JSON.stringify(made))) // and what onEscalation was told
  })
})
