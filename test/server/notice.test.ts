// The context that goes with an escalation or a delegated step: who, which milestone, how late, what is done.
import { describe, expect, it } from 'vitest'
import { emptyProgress, foldEvents } from '../../src/core'
import type { ProgressEvent } from '../../src/core/types'
import { describeNotice } from '../../src/server'
import type { PendingNotice } from '../../src/server'
import { aJourney, aMilestone, aNudge, aStep, dayAt, T0, traits } from '../builders'

const journey = aJourney({
  milestones: [
    aMilestone({ id: 'connect', title: 'Connect your data', due: { day: 7 }, steps: [aStep({ id: 'pick-source', title: 'Pick a source' }), aStep({ id: 'invite', title: 'Invite your admin' })] }),
  ],
})
const progress = foldEvents(emptyProgress('u1'), [{ id: 'c1', type: 'complete', stepId: 'pick-source', at: dayAt(1) }])
const escalation: ProgressEvent = { id: 'x1', type: 'escalation', nudgeId: 'stalled', milestoneId: 'connect', level: 2, notify: 'csm', at: dayAt(10) }
const pending = (event: ProgressEvent): PendingNotice =>
  ({ kind: event.type === 'escalation' ? 'escalation' : 'delegate', journeyId: 'acme-onboarding', userId: 'u1', event, attempts: 0, traits: traits({ plan: 'pro' }) })

describe('describeNotice', () => {
  it('says which milestone an escalation is about and how many days it is overdue', async () => {
    const notice = await describeNotice(pending(escalation), progress, dayAt(10), () => journey)
    expect(notice).toMatchObject({
      kind: 'escalation', userId: 'u1', traits: { plan: 'pro' }, done: ['pick-source'],
      milestone: { id: 'connect', title: 'Connect your data', status: 'overdue', daysOverdue: 3, percent: 50, dueAt: dayAt(7) },
    })
  })

  it('names the delegated step, the colleague and the note', async () => {
    const event: ProgressEvent = { id: 'g1', type: 'track', name: 'step:delegated', props: { stepId: 'invite', to: 'ana@acme.test', note: 'please' }, at: dayAt(2) }
    const notice = await describeNotice(pending(event), progress, dayAt(2), () => journey)
    expect(notice).toMatchObject({
      kind: 'delegate', step: { id: 'invite', title: 'Invite your admin', to: 'ana@acme.test', note: 'please' },
      milestone: { id: 'connect', daysOverdue: 0 },
    })
  })

  it('without a journey, still goes out with the steps completed by hand', async () => {
    const notice = await describeNotice(pending(escalation), progress, T0)
    expect(notice.done).toEqual(['pick-source'])
    expect(notice).not.toHaveProperty('milestone')
  })

  it('goes out without the milestone when the journey lookup fails', async () => {
    const notice = await describeNotice(pending(escalation), progress, T0, () => Promise.reject(new Error('cdn down')))
    expect(notice).toMatchObject({ kind: 'escalation', done: ['pick-source'] })
    expect(notice).not.toHaveProperty('milestone')
  })

  it('carries the words the journey gives a level (`message`) to the person told, only for a level that has them', async () => {
    // bb-r27: `milepost simulate` printed a level's message; no webhook body or onEscalation notice had it.
    const worded = aJourney({
      ...journey,
      nudges: [aNudge({ id: 'stalled', when: { missed: { milestone: 'connect' } }, escalate: [
        { afterDays: 0, notify: 'csm', message: 'Call them this week: the data source is the blocker.' },
        { afterDays: 2, notify: 'leadership' },
      ] })],
    })
    const level1: ProgressEvent = { ...escalation, id: 'x0', level: 1 }
    expect(await describeNotice(pending(level1), progress, dayAt(10), () => worded))
      .toMatchObject({ message: 'Call them this week: the data source is the blocker.', levels: [{ level: 1, notify: 'csm', message: 'Call them this week: the data source is the blocker.' }] })
    // Level 2 has no words of its own; the level 1 it covers (told at once) keeps its own.
    const both = await describeNotice({ ...pending(escalation), levels: [{ level: 1, notify: 'csm' }, { level: 2, notify: 'leadership' }] }, progress, dayAt(10), () => worded)
    expect(both).not.toHaveProperty('message')
    expect(both.levels).toEqual([{ level: 1, notify: 'csm', message: 'Call them this week: the data source is the blocker.' }, { level: 2, notify: 'leadership' }])
  })
})
