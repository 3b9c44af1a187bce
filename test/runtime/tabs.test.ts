// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import type { EscalationContext, Milepost } from '../../src/runtime/api'
import { aJourney, aMilestone, aStep, dayAt, traits } from '../builders'
import { clock, ladder, saved, savedStep, start } from './harness'

const done = (mp: Milepost, id: string) => mp.getState().milestones.flatMap((m) => m.steps).find((s) => s.id === id)!.done
const within = async (ms: number, check: () => boolean) => {
  const end = performance.now() + ms
  while (!check() && performance.now() < end) await new Promise((r) => setTimeout(r, 2))
  return check()
}

describe('tabs', () => {
  it('a change in one tab shows in the other within 100 ms', async () => {
    const a = await start()
    const b = await start()
    const seen: boolean[] = []
    b.subscribe((s) => seen.push(s.milestones[0]!.steps.find((x) => x.id === 'invite')!.done))
    await a.complete('invite')
    expect(await within(100, () => done(b, 'invite'))).toBe(true)
    expect(seen).toContain(true)
  })

  it('two tabs completing the same step at the same moment tell its completion once (reliability matrix row 22)', async () => {
    const told: string[] = []
    const listen = (tab: string) => (m: Milepost) => {
      m.on('step:completed', (e) => told.push(`${tab} step ${e.stepId}`))
      m.on('milestone:completed', (e) => told.push(`${tab} milestone ${e.milestoneId}`))
    }
    const [a, b] = await Promise.all([start({}, listen('a')), start({}, listen('b'))])
    // The same step in both tabs, before either hears the other: each write finds out whether it was first.
    await Promise.all([a.track('report.shared'), b.complete('share-report')])
    expect(await within(2000, () => done(a, 'share-report') && done(b, 'share-report'))).toBe(true)
    expect(told.filter((t) => t.endsWith('step share-report'))).toHaveLength(1)
    expect(told.filter((t) => t.endsWith('milestone share'))).toHaveLength(1)
    // The control: another step, done in one tab only, is told there.
    await b.complete('invite')
    expect(told).toContain('b step invite')
  })

  it('a counted step reached by two tabs at the same moment, neither alone, is recorded and told once', async () => {
    // Each tab's own event leaves the count one short; the merge of the other's completes it.
    const counted = aJourney({
      milestones: [aMilestone({ id: 'reports', steps: [aStep({ id: 'two-reports', completeWhen: { event: 'report.created', count: 2 } })] })],
    })
    const told: string[] = []
    const listen = (tab: string) => (m: Milepost) => {
      for (const name of ['step:completed', 'milestone:completed', 'journey:completed'] as const) m.on(name, () => told.push(`${tab} ${name}`))
    }
    const [a, b] = await Promise.all([start({ config: counted }, listen('a')), start({ config: counted }, listen('b'))])
    await Promise.all([a.track('report.created'), b.track('report.created')])
    expect(await within(2000, () => done(a, 'two-reports') && done(b, 'two-reports'))).toBe(true)
    await Promise.all([a.flush(), b.flush()])
    // Recorded as done (it outlives capped events; other devices' quiet pages see it), and told by one tab.
    expect((await savedStep('two-reports'))?.done).toBeTypeOf('number')
    expect(told.map((t) => t.slice(2)).sort()).toEqual(['journey:completed', 'milestone:completed', 'step:completed'])
    expect(new Set(told.map((t) => t[0])).size).toBe(1)
  })

  it("a page on storage 'memory' keeps its progress to itself: the user's other tabs never take it in (a preview page's first moments)", async () => {
    const a = await start()
    const memory = await start({ storage: 'memory' })
    const control = await start() // u1's other stored tab: once a has heard it, a would have heard the memory page too
    await memory.complete('invite')
    await control.complete('connect')
    expect(await within(2000, () => done(a, 'connect'))).toBe(true)
    expect(done(a, 'invite')).toBe(false)
    // Nor does the memory page take in what the stored tabs do: nothing beyond the page, either way.
    await a.complete('click-new')
    expect(await within(2000, () => done(control, 'click-new'))).toBe(true)
    expect(done(memory, 'click-new')).toBe(false)
  })

  it('tabs of different users do not hear each other', async () => {
    const a = await start()
    const b = await start({ user: { id: 'u2' } })
    const control = await start() // u1's other tab: once it has heard, so would b have
    await a.complete('invite')
    expect(await within(2000, () => done(control, 'invite'))).toBe(true) // not the 100 ms bar: this only waits for delivery
    expect(done(b, 'invite')).toBe(false)
  })
})

describe('escalations', () => {
  it('wait for what an earlier page saved in localStorage: a milestone done there escalates nothing', async () => {
    clock.now = dayAt(1)
    const earlier = await start({ config: ladder, storage: 'local' })
    await earlier.complete('s1')
    await earlier.complete('s2')
    earlier.destroy()
    clock.now = dayAt(4) // m1 was due on day 2: missed, by IndexedDB's progress alone
    const seen: string[] = []
    const watch = (m: Milepost) => {
      m.on('escalation', (e) => seen.push('escalation ' + e.milestoneId))
      m.on('milestone:overdue', (e) => seen.push('overdue ' + e.milestoneId))
    }
    const mp = await start({ config: ladder }, watch)
    await mp.flush()
    expect(mp.getState().milestones[0]!.status).toBe('done')
    expect(seen).toEqual([])
    mp.destroy()
    localStorage.clear() // the control: without the earlier page's progress it does escalate
    const bare = await start({ config: ladder, user: { id: 'u2', traits: traits() } }, watch)
    await bare.flush()
    expect(seen).toEqual(['overdue m1', 'escalation m1'])
  })

  it('are emitted with their context, recorded, and not again after a reload', async () => {
    clock.now = dayAt(4)
    const seen: EscalationContext[] = []
    const mp = await start({ config: ladder, user: { id: 'u1', traits: traits({ plan: 'pro' }) } }, (m) => m.on('escalation', (e) => seen.push(e)))
    await mp.flush()
    expect(seen).toEqual([expect.objectContaining({
      nudgeId: 'n1', milestoneId: 'm1', level: 1, notify: 'csm', user: 'u1', daysOverdue: 2, done: [],
    })])
    expect(seen[0]!.traits).toMatchObject({ plan: 'pro' })
    expect([...(await saved()).values()].some((v) => Object.keys((v as { escalations?: object })?.escalations ?? {}).length)).toBe(true) // recorded: told once
    mp.destroy()
    const again: unknown[] = []
    const reloaded = await start({ config: ladder }, (m) => m.on('escalation', (e) => again.push(e)))
    await reloaded.complete('s1')
    await reloaded.flush()
    expect(again).toEqual([])
  })

  it('fire once per user even when two tabs see them due at the same moment', async () => {
    clock.now = dayAt(4)
    const fired: string[] = []
    const [a, b] = await Promise.all([
      start({ config: ladder }, (m) => m.on('escalation', () => fired.push('a'))),
      start({ config: ladder }, (m) => m.on('escalation', () => fired.push('b'))),
    ])
    await Promise.all([a.flush(), b.flush()])
    // Each tab's messages arrive in order: once a later one from each side has, so has its escalation.
    await a.track('from.a')
    await b.track('from.b')
    expect(await within(2000, () => !!a.getProgress()!.tracks['from.b'] && !!b.getProgress()!.tracks['from.a'])).toBe(true)
    await Promise.all([a.flush(), b.flush()])
    expect(fired).toHaveLength(1)
  })
})
