// Notices a client cannot make up: escalations only when the server finds them due, delegations capped.
import { describe, expect, it } from 'vitest'
import { applyEvent, emptyProgress, escalationEventId, escalationKey } from '../../src/core'
import type { ProgressEvent } from '../../src/core/types'
import { createMemoryStore, createSyncHandler, createWatcher } from '../../src/server'
import type { Notice } from '../../src/server'
import { MAX_DELEGATIONS_PER_DAY, SERVER_IDS, squatted } from '../../src/server/verify'
import { ownerEventId } from '../../src/server/subject'
import { T0, aJourney, aMilestone, aNudge, dayAt, traits } from '../builders'
import { authorize, batch, syncRequest } from './fixtures'

const journey = aJourney({
  milestones: [aMilestone({ id: 'm1', due: { day: 7 } })],
  nudges: [aNudge({ id: 'late', when: { missed: { milestone: 'm1' } }, escalate: [{ afterDays: 1, notify: 'csm' }, { afterDays: 3, notify: 'leadership' }] })],
})
const level = (l: number, id = escalationEventId(0, escalationKey('late', 'm1', l))): ProgressEvent =>
  ({ id, type: 'escalation', nudgeId: 'late', milestoneId: 'm1', level: l, notify: 'csm', at: T0 })
const delegate = (i: number, props: Record<string, unknown> = {}): ProgressEvent =>
  ({ id: `d${i}`, type: 'track', name: 'step:delegated', props: { stepId: 'step-1', to: 'sam@example.com', ...props }, at: T0 })

const setup = (known = true) => {
  let clock = T0
  const told: Notice[] = []
  const store = createMemoryStore()
  const handler = createSyncHandler({
    store, authorize, ...(known ? { journeys: () => journey } : {}), now: () => clock,
    onEscalation: (n) => void told.push(n), onDelegate: (n) => void told.push(n),
  })
  const post = async (events: ProgressEvent[], as = 'u1') =>
    (await handler(syncRequest({ ...batch('u1', journey.id, events), traits: traits() }, as))).json()
  const watcher = createWatcher({ store, journeys: [journey], now: () => clock, onEscalation: (n) => void told.push(n), log: () => {} })
  const postDoc = async (events: ProgressEvent[]) => (await handler(syncRequest({
    ...batch('u1', journey.id, []), traits: traits(), progress: events.reduce(applyEvent, emptyProgress('u1')),
  }, 'u1'))).json()
  return { post, postDoc, told, watcher, at: (day: number) => (clock = dayAt(day)) }
}

describe('verified notices', () => {
  it('refuses an escalation the server does not find due, with the reason, and sends nothing', async () => {
    const { post, told, at } = setup()
    at(7.5)
    const body = await post([level(1)])
    expect(body.acked).toEqual([])
    expect(body.rejected).toEqual([{ id: level(1).id, reason: expect.stringContaining('not due') }])
    expect(told).toEqual([])
  })

  it('accepts a due level once, whatever ids a client makes up for it (5,000 tries → 1 notice)', async () => {
    const { post, told, at } = setup()
    at(8)
    expect((await post([level(1)])).acked).toEqual([level(1).id])
    for (let b = 0; b < 50; b++) {
      const body = await post(Array.from({ length: 100 }, (_, i) => level(1, `fake-${b}-${i}`)))
      expect(body.acked).toEqual([])
    }
    expect(told).toHaveLength(1)
  })

  it('tells whom the journey names, whatever notify a client sends with a due level', async () => {
    const { post, told, at } = setup()
    at(8)
    expect((await post([{ ...level(1), notify: 'ceo@bigcustomer.example' } as ProgressEvent])).acked).toEqual([level(1).id])
    expect(told.map((n) => n.event.type === 'escalation' && n.event.notify)).toEqual(['csm'])
  })

  it('does not take a refused escalation from the client\'s document either: the watch still sends it when it falls due', async () => {
    const { post, postDoc, told, watcher, at } = setup()
    at(7.5) // a client clock ahead: level 1 is not due yet for the server
    expect((await post([level(1)])).rejected).toHaveLength(1)
    // The client kept the level in its own document and pushes it (anti-entropy).
    await postDoc([level(1)])
    at(8.01)
    await watcher.tick()
    expect(told.map((n) => [n.kind, n.event.type === 'escalation' && n.event.level])).toEqual([['escalation', 1]])
  })

  it('takes a level due when the client made it, though the user completed the milestone right after, in the same batch (bb-r28: a stalled user who came back and acted at once)', async () => {
    const { post, told, at } = setup()
    at(8.5)
    const made = { ...level(1), at: dayAt(8.5) - 2000 }
    const body = await post([made, { id: 'c1', type: 'complete', stepId: 'step-1', at: dayAt(8.5) - 1000 }])
    expect(body.rejected).toEqual([])
    expect(body.acked).toEqual([made.id, 'c1'])
    expect(told.map((n) => n.event.type === 'escalation' && [n.event.level, n.event.notify])).toEqual([[1, 'csm']])
  })

  it('still refuses a level made up for a moment it was not due: a client time before it fell due, the milestone completed since', async () => {
    const { post, told, at } = setup()
    at(9)
    const made = { ...level(1), at: dayAt(7.8) } // level 1 falls due a day after the day-7 due
    const body = await post([made, { id: 'c1', type: 'complete', stepId: 'step-1', at: dayAt(8.9) }])
    expect(body.rejected).toEqual([{ id: made.id, reason: expect.stringContaining('not due') }])
    expect(told).toEqual([])
  })

  it('refuses every escalation when the server does not know the journey', async () => {
    const { post, told, at } = setup(false)
    at(30)
    expect((await post([level(1)])).rejected[0].reason).toContain('journey unknown')
    expect(told).toEqual([])
  })

  it(`caps delegated steps at ${MAX_DELEGATIONS_PER_DAY} per user per day and limits their text`, async () => {
    const { post, told, at } = setup()
    const body = await post(Array.from({ length: 25 }, (_, i) => delegate(i)))
    expect(body.acked).toHaveLength(MAX_DELEGATIONS_PER_DAY)
    expect(body.rejected).toHaveLength(5)
    expect(body.rejected[0].reason).toContain('per user per day')
    expect((await post([delegate(99)])).rejected).toHaveLength(1)
    at(1.01)
    expect((await post([delegate(100)])).acked).toEqual(['d100'])
    const long = await post([delegate(101, { note: 'x'.repeat(1001) }), delegate(102, { to: 'y'.repeat(201) }), delegate(103, { stepId: 7 })])
    expect(long.rejected.map((r: { reason: string }) => r.reason.split(':')[0])).toEqual(['props.note', 'props.to', 'props.stepId'])
    expect(told).toHaveLength(MAX_DELEGATIONS_PER_DAY + 1)
    expect(told[0]).not.toHaveProperty('progress')
  })
})

describe('the ids the server makes', () => {
  it('names every id the server makes (escalations, owner notices), taken only by the event it stands for', () => {
    const esc = level(1)
    const owner = ownerEventId(2, 'm1', 'overdue')
    expect(SERVER_IDS.filter((s) => esc.id.startsWith(s.prefix)).map((s) => s.type)).toEqual(['escalation'])
    expect(SERVER_IDS.filter((s) => owner.startsWith(s.prefix)).map((s) => s.type)).toEqual([null])
    expect(squatted(esc)).toBeNull()
    expect(squatted({ ...delegate(1), id: esc.id })).toBe('id: "esc:" begins only an escalation\'s id')
    // No event of a batch is an owner notice (type 'owner' is not in the protocol): any event with its id is refused.
    for (const e of [{ ...delegate(1), id: owner }, { ...esc, id: owner }]) expect(squatted(e)).toBe('id: "owner:" begins only an owner notice\'s id, which the server makes')
    // Only the beginning counts, and exactly: a client's own ids keep working.
    for (const id of ['d-owner:0:m1:overdue', 'Owner:0:m1:overdue', 'owner-1', 'escalation-1']) expect(squatted({ ...delegate(1), id })).toBeNull()
  })
})
