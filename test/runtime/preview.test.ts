// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import type { EscalationContext, Milepost } from '../../src/runtime/api'
import { dayAt, T0, traits } from '../builders'
import { clock, ladder, saved, savedEvents, start } from './harness'

const done = (mp: Milepost, id: string) => mp.getState().milestones.flatMap((m) => m.steps).find((s) => s.id === id)?.done
const snapshot = async () => JSON.stringify([...(await saved())].sort(([a], [b]) => (a < b ? -1 : 1)))

describe('preview()', () => {
  it('shows the journey on a day, with steps done, flagged as a preview', async () => {
    const mp = await start()
    await mp.preview({ day: 5, completed: ['connect', 'invite'] })
    const state = mp.getState()
    expect(state).toMatchObject({ preview: true, day: 5, now: dayAt(5) })
    expect(done(mp, 'connect')).toBe(true)
    expect(done(mp, 'invite')).toBe(true)
    expect(state.milestones[0]).toMatchObject({ id: 'setup', status: 'overdue', reason: '2 days overdue' })
  })

  it('goes from the user\'s state to the preview\'s in one step: a subscriber never hears a not-ready state between', async () => {
    const mp = await start()
    const seen: Array<[boolean, boolean]> = []
    mp.subscribe((s) => seen.push([s.ready, s.preview]))
    await mp.preview({ day: 2 })
    expect(seen).toEqual([[true, false], [true, true]])
  })

  it('uses the traits it is given over the user\'s own, so a PM sees another segment', async () => {
    const mp = await start({ config: { ...ladder, milestones: [...ladder.milestones, { id: 'pro', title: 'Pro only', audience: { plan: 'pro' }, steps: [{ id: 'p1', title: 'P' }] }] } })
    expect(mp.getState().milestones.map((m) => m.id)).toEqual(['m1'])
    await mp.preview({ traits: { plan: 'pro' } })
    expect(mp.getState().milestones.map((m) => m.id)).toEqual(['m1', 'pro'])
    expect(mp.getState().user.traits).toEqual(traits()) // the user's own traits are untouched
  })

  it('leaves stored progress byte-identical, whatever is done during the preview', async () => {
    const mp = await start()
    await mp.complete('invite')
    await mp.flush()
    const before = await snapshot()
    await mp.preview({ day: 2, completed: ['connect'] })
    await mp.complete('share-report')
    await mp.track('data.connected')
    await mp.record({ type: 'nudge', nudgeId: 'n1', action: 'shown' })
    await mp.reset()
    clock.now += 3 * 3_600_000 // a new session would start now: it is not counted either
    await mp.track('report.shared')
    await mp.flush()
    expect(await snapshot()).toBe(before)
  })

  it('runs the calls made while the preview loads after it has started, in order: none reaches the stored progress', async () => {
    const mp = await start()
    await mp.flush()
    const before = await snapshot()
    // Not awaited: the preview's module loads first (a file of its own in the script tag), and the host holds what follows.
    const previewing = mp.preview({ day: 2 })
    const completing = mp.complete('connect')
    await Promise.all([previewing, completing])
    expect(mp.getState().preview).toBe(true)
    expect(done(mp, 'connect')).toBe(true)
    await mp.flush()
    expect(await snapshot()).toBe(before)
  })

  it('neither emits nor records escalations or overdue milestones', async () => {
    clock.now = dayAt(0)
    const seen: Array<EscalationContext | string> = []
    const mp = await start({ config: ladder }, (m) => {
      m.on('escalation', (e) => seen.push(e))
      m.on('milestone:overdue', (e) => seen.push('overdue ' + e.milestoneId))
    })
    await mp.preview({ day: 6 })
    expect(mp.getState().nudges[0]).toMatchObject({ id: 'n1', level: 1 })
    await mp.flush()
    expect(seen).toEqual([])
    expect([...(await saved()).values()].some((v) => Object.keys((v as { escalations?: object })?.escalations ?? {}).length)).toBe(false)
    expect(await savedEvents()).not.toContain('escalation')
  })

  it('goes back to the user\'s own progress with preview(false), and on identify()', async () => {
    const mp = await start()
    await mp.complete('invite')
    await mp.preview({ completed: ['connect'] })
    expect([done(mp, 'connect'), done(mp, 'invite')]).toEqual([true, false])
    await mp.preview(false)
    expect(mp.getState()).toMatchObject({ preview: false, now: T0 })
    expect([done(mp, 'connect'), done(mp, 'invite')]).toEqual([false, true])
    await mp.preview({ completed: ['connect'] })
    await mp.identify('u1', { plan: 'pro' }) // same user: traits only, still a preview
    expect(mp.getState().preview).toBe(true)
    await mp.identify('u2')
    expect(mp.getState()).toMatchObject({ preview: false, user: { id: 'u2' } })
    expect(done(mp, 'connect')).toBe(false)
  })

  it('ignores what it cannot use: a bad day, non-string step ids', async () => {
    const mp = await start()
    await mp.preview({ day: Number.NaN, completed: [7 as unknown as string, 'connect'] })
    expect(mp.getState()).toMatchObject({ preview: true, day: 0 })
    expect(done(mp, 'connect')).toBe(true)
  })

  it('reports each bad field as an input error naming it, and previews with the rest', async () => {
    clock.now = dayAt(0)
    const cases: Array<[unknown, string[]]> = [
      ['x', ['preview(): options must be { day?, traits?, completed? } or false, got "x"']],
      [{ day: Number.NaN }, ['preview(): day must be a whole number ≥ 0, got NaN']],
      [{ day: -5 }, ['preview(): day must be a whole number ≥ 0, got -5']],
      [{ day: '5' }, ['preview(): day must be a whole number ≥ 0, got "5"']],
      [{ day: 1.5 }, ['preview(): day must be a whole number ≥ 0, got 1.5']],
      [{ completed: 'connect' }, ['preview(): completed must be an array of step ids, got "connect"']],
      [{ completed: ['no-such-step', 7, 'connect'] }, ['preview(): no step no-such-step', 'preview(): no step 7']],
      [{ traits: 5 }, ['preview(): traits must be an object of traits, got 5']],
      [{ traits: ['pro'], day: 2 }, ['preview(): traits must be an object of traits, got an array']],
    ]
    for (const [given, expected] of cases) {
      const heard: Array<[string, string]> = []
      const mp = await start({}, (m) => m.on('error', (e) => heard.push([e.kind, e.message])))
      await mp.preview(given as never)
      expect(heard, JSON.stringify(given)).toEqual(expected.map((message) => ['input', message]))
      expect(mp.getState().preview).toBe(true) // the preview still opens
      mp.destroy()
    }
  })

  it('reports nothing for good options, and uses the good fields next to a bad one', async () => {
    const heard: string[] = []
    const mp = await start({}, (m) => m.on('error', (e) => heard.push(e.message)))
    await mp.preview({ day: 4, traits: { plan: 'pro' }, completed: ['connect'] })
    await mp.preview()
    expect(heard).toEqual([])
    await mp.preview({ day: -1, completed: ['nope', 'connect'] })
    expect(heard).toEqual(['preview(): day must be a whole number ≥ 0, got -1', 'preview(): no step nope'])
    expect(mp.getState()).toMatchObject({ preview: true, day: 0 })
    expect(done(mp, 'connect')).toBe(true)
  })
})
