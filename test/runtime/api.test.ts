// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest'
import { createMilepost } from '../../src/milepost'
import { aJourney, dayAt, T0, traits } from '../builders'
import { clock, journey, savedEvents, savedTracks, start, warnings } from './harness'

const step = (mp: { getState(): { milestones: Array<{ steps: Array<{ id: string; done: boolean; skipped: boolean }> }> } }, id: string) =>
  mp.getState().milestones.flatMap((m) => m.steps).find((s) => s.id === id)!

describe('createMilepost', () => {
  it('is ready once the journey and the user progress are loaded, with the user and where progress is kept', async () => {
    const mp = await start()
    const state = mp.getState()
    expect(state).toMatchObject({ ready: true, journeyId: 'acme-onboarding', persistence: 'indexeddb', user: { id: 'u1' } })
    expect(state.milestones.map((m) => m.id)).toEqual(['setup', 'share'])
    expect(state.user.traits).toEqual(traits())
  })

  it('ends the calling task before validating (scheduler.yield): nothing starts until the yield resumes', async () => {
    const held: Array<() => void> = []
    let holding = true
    const resume = () => ((holding = false), held.forEach((r) => r()))
    vi.stubGlobal('scheduler', { yield: () => (holding ? new Promise<void>((r) => held.push(r)) : Promise.resolve()) })
    try {
      const mp = createMilepost({ config: journey, user: { id: 'u1' } })
      for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0)) // storage opens meanwhile
      expect(mp.getState()).toMatchObject({ ready: false, journeyId: '' }) // the journey is not validated yet
      resume()
      await mp.init()
      expect(mp.getState()).toMatchObject({ ready: true, journeyId: 'acme-onboarding' })
      mp.destroy()
      // A journey with an error is found so only once the host's task has ended.
      holding = true
      const errors: string[] = []
      const bad = createMilepost()
      bad.on('error', (e) => errors.push(e.kind))
      const started = bad.init({ config: { ...journey, milestones: 'none' } as never, user: { id: 'u1' } })
      for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0))
      expect(errors).toEqual([])
      resume()
      await started
      expect(errors).toEqual(['config'])
    } finally {
      vi.unstubAllGlobals()
    }
  })

  it('starts even when the yield fails', async () => {
    vi.stubGlobal('scheduler', { yield: () => Promise.reject(new Error('aborted')) })
    try {
      const mp = createMilepost({ config: journey, user: { id: 'u1' } })
      await mp.init()
      expect(mp.getState().ready).toBe(true)
      mp.destroy()
    } finally {
      vi.unstubAllGlobals()
    }
  })

  it('reports a not-ready state with no milestones before it is ready', () => {
    const mp = createMilepost({ config: journey, user: { id: 'u1' } })
    expect(mp.getState()).toMatchObject({ ready: false, milestones: [], next: null, user: { id: 'u1', traits: {} } })
    mp.destroy()
  })

  it('completes a step listening for a tracked event, in the state at once and durably once saved', async () => {
    const mp = await start()
    const saving = mp.track('data.connected', { source: 'postgres' })
    expect(step(mp, 'connect').done).toBe(true)
    await saving
    expect(await savedTracks('data.connected')).toEqual([expect.objectContaining({ props: { source: 'postgres' } })])
    expect(await savedEvents()).toEqual(expect.arrayContaining(['track', 'complete'])) // the event and the completion it caused
    mp.destroy()
    const reloaded = await start() // the next page, on what was saved
    expect(step(reloaded, 'connect').done).toBe(true)
  })

  it('keeps only JSON scalars of track props, so odd values cannot break storage', async () => {
    const mp = await start()
    await mp.track('data.connected', { source: 'pg', rows: 3, ok: true, none: null, fn: () => 1, sym: Symbol('x'), big: 1n, el: document.body, nan: NaN })
    expect(mp.getState().persistence).toBe('indexeddb')
    expect((await savedTracks('data.connected')).map((t) => t.props)).toEqual([{ source: 'pg', rows: 3, ok: true, none: null }])
  })

  it('has a state never older than the events in it: a seen signal about what was just done holds at once, not at the next clock tick', async () => {
    const withHint = { ...journey, nudges: [{ id: 'hint', when: { seen: { event: 'report.opened' } }, card: { title: 'Export it', body: 'CSV or PDF.' } }] }
    const mp = await start({ config: withHint })
    clock.now += 5 * 60_000 // time passed; the page's clock ticks at most once a minute, and not here
    await mp.track('report.opened')
    expect(mp.getState().now).toBe(clock.now)
    expect(mp.getState().nudges.map((n) => n.id)).toContain('hint')
  })

  it('emits step:completed after the save, with the milestone', async () => {
    const mp = await start()
    const seen: unknown[] = []
    mp.on('step:completed', (e) => seen.push(e))
    const saving = mp.track('data.connected')
    expect(seen).toEqual([])
    await saving
    expect(seen).toEqual([{ stepId: 'connect', milestoneId: 'setup' }])
  })

  it('completes and skips steps by hand, once each', async () => {
    const mp = await start()
    const completed = vi.fn()
    mp.on('step:completed', completed)
    await mp.complete('invite')
    await mp.complete('invite')
    await mp.skip('open-reports')
    expect(step(mp, 'invite').done).toBe(true)
    expect(step(mp, 'open-reports').skipped).toBe(true)
    expect(completed).toHaveBeenCalledTimes(1)
  })

  it('reports an unknown step once instead of throwing', async () => {
    const mp = await start()
    const errors = vi.fn()
    mp.on('error', errors)
    await mp.complete('nope')
    await mp.complete('nope')
    expect(errors).toHaveBeenCalledTimes(1)
    expect(errors.mock.calls[0]![0]).toMatchObject({ kind: 'input' })
    expect(warnings).toHaveLength(1)
  })

  it('emits milestone:completed and journey:completed when the last steps are done', async () => {
    const mp = await start({ config: aJourney() })
    const names: string[] = []
    mp.on('milestone:completed', () => names.push('milestone'))
    mp.on('journey:completed', () => names.push('journey'))
    await mp.complete('step-1')
    expect(names).toEqual(['milestone', 'journey'])
    expect(mp.getState()).toMatchObject({ done: true, percent: 100 })
  })

  it('calls subscribers with the current snapshot, then each saved one until they unsubscribe', async () => {
    const mp = await start()
    const states: number[] = []
    const stop = mp.subscribe((s) => states.push(s.milestones[0]!.percent))
    await mp.complete('invite')
    stop()
    await mp.complete('connect')
    expect(states).toEqual([0, 20])
  })

  it('does nothing after destroy(): identify() leaves the ended instance\'s user as it was', async () => {
    const mp = await start()
    mp.destroy()
    await mp.identify('intruder', { plan: 'pro' })
    expect(mp.getState().user).toMatchObject({ id: 'u1', traits: traits() })
  })

  it('destroy() while the first session starts leaves no clock ticking (a provider unmounted before the progress loaded)', async () => {
    // Every timer set and not yet run or cleared, with its delay.
    const pending = new Map<unknown, number>()
    const set = globalThis.setTimeout
    const clear = globalThis.clearTimeout
    vi.spyOn(globalThis, 'setTimeout').mockImplementation(((fn: (...a: unknown[]) => void, ms?: number, ...a: unknown[]) => {
      const id = set(() => (pending.delete(id), fn(...a)), ms)
      pending.set(id, ms ?? 0)
      return id
    }) as typeof setTimeout)
    vi.spyOn(globalThis, 'clearTimeout').mockImplementation((id) => (pending.delete(id), clear(id)))
    const all = []
    for (const delay of [0, 1, 5, 20]) {
      const mp = createMilepost({ config: journey, user: { id: 'u-' + delay } })
      await new Promise((r) => set(r, delay))
      mp.destroy()
      all.push(mp)
    }
    // init() after destroy() gives the start that was under way: each has ended once it settles.
    await Promise.all(all.map((mp) => mp.init()))
    // The clock's ticks are a minute apart (or at the next midnight); nothing else waits that long here.
    expect([...pending.values()].filter((ms) => ms > 10_000)).toEqual([])
  })

  it('tells a subscriber added before it is ready about the ready state', async () => {
    const mp = createMilepost({ config: journey, user: { id: 'u1' } })
    const ready: boolean[] = []
    mp.subscribe((s) => ready.push(s.ready))
    await mp.init()
    // Not ready (each change before it: the journey, the storage) until ready, then ready for good.
    expect(ready[0]).toBe(false)
    expect(ready.indexOf(true)).toBeGreaterThan(0)
    expect(ready.slice(ready.indexOf(true))).not.toContain(false)
    mp.destroy()
  })

  it('lets the UI record events, emit to the host and read the raw progress', async () => {
    const mp = await start({ config: aJourney({ nudges: [{ id: 'n1', when: { day: { day: 0 } }, card: { title: 'Hi' } }] }) })
    const shown = vi.fn()
    mp.on('nudge:shown', shown)
    await mp.record({ type: 'nudge', nudgeId: 'n1', action: 'shown' })
    mp.emit('nudge:shown', { nudgeId: 'n1' })
    expect(shown).toHaveBeenCalledWith({ nudgeId: 'n1' })
    expect(Object.keys(mp.getProgress()!.nudges.n1!.shown)).toHaveLength(1)
    expect(mp.options.user).toMatchObject({ id: 'u1' })
    mp.emit('error', { kind: 'ui', message: 'tooltip target missing' })
    expect(warnings).toEqual(['[milepost] tooltip target missing'])
  })

  it('queues calls made before it is ready and replays them in order', async () => {
    const mp = createMilepost({ config: journey, user: { id: 'u1' }, now: () => clock.now })
    const order: string[] = []
    mp.on('step:completed', (e) => order.push(e.stepId))
    const calls = [mp.complete('invite'), mp.track('data.connected'), mp.track('report.shared')]
    expect(mp.getState().ready).toBe(false)
    await Promise.all(calls)
    expect(order).toEqual(['invite', 'connect', 'share-report'])
    mp.destroy()
  })

  it('while the journey still loads, a switch waits for the calls before it: each goes to the user named when it was made', async () => {
    const mp = createMilepost({ config: journey, user: { id: 'u1' }, now: () => clock.now })
    void mp.identify('bob')
    void mp.complete('invite')
    const carol = mp.identify('carol')
    void mp.complete('connect')
    await carol
    expect(mp.getState()).toMatchObject({ ready: true, user: { id: 'carol' } })
    await mp.flush()
    expect([step(mp, 'invite').done, step(mp, 'connect').done]).toEqual([false, true])
    await mp.identify('bob')
    expect([step(mp, 'invite').done, step(mp, 'connect').done]).toEqual([true, false])
    mp.destroy()
  })

  it('identify() and flush() made while the journey still loads resolve once that user is loaded and what came before is stored', async () => {
    const mp = createMilepost({ config: journey, user: { id: 'u1' }, now: () => clock.now })
    await mp.identify('carol')
    expect(mp.getState()).toMatchObject({ ready: true, user: { id: 'carol' } })
    mp.destroy()
    const again = createMilepost({ config: journey, user: { id: 'u1' }, now: () => clock.now })
    await again.identify('u1', { plan: 'pro' }) // the same user, new traits
    expect(again.getState()).toMatchObject({ ready: true, user: { id: 'u1', traits: { plan: 'pro' } } })
    again.destroy()
    const flushed = createMilepost({ config: journey, user: { id: 'u1' }, now: () => clock.now })
    await flushed.flush() // nothing asked before it: once the user's progress is in
    expect(flushed.getState().ready).toBe(true)
    void flushed.track('data.connected')
    await flushed.flush()
    expect(step(flushed, 'connect').done).toBe(true)
    expect(await savedTracks('data.connected')).toHaveLength(1) // stored by the time flush() resolves
    flushed.destroy()
  })

  it('returns the same Promise from init and warns once when given options again', async () => {
    const mp = createMilepost({ config: journey, user: { id: 'u1' } })
    const first = mp.init()
    expect(mp.init({ config: journey })).toBe(first)
    expect(mp.init({ config: journey })).toBe(first)
    await first
    expect(warnings.filter((w) => w.includes('init()'))).toHaveLength(1)
    mp.destroy()
  })

  it('says why init() after destroy() does nothing (a hot reload that reuses the instance)', async () => {
    const mp = createMilepost({ config: journey, user: { id: 'u1' } })
    await mp.init()
    mp.destroy()
    await mp.init({ config: journey, user: { id: 'u2' } })
    expect(warnings.filter((w) => w.includes('init()'))).toEqual(['[milepost] init() after destroy(): ignored'])
    expect(mp.getState()).toMatchObject({ ready: false })
  })

  it('an instance destroyed before it started starts nothing on init(): no user, no storage (React\'s useMilepost() outside a provider)', async () => {
    localStorage.clear()
    const opened = vi.spyOn(indexedDB, 'open')
    const mp = createMilepost()
    mp.destroy()
    await expect(mp.init({ config: journey })).resolves.toBeUndefined()
    expect(warnings.filter((w) => w.includes('init()'))).toEqual(['[milepost] init() after destroy(): ignored'])
    expect([localStorage.getItem('milepost:anon'), opened.mock.calls.length, mp.getState().ready]).toEqual([null, 0, false])
    opened.mockRestore()
  })

  it('shows nothing for an invalid journey and reports every issue with its path, never throwing', async () => {
    const errors: unknown[] = []
    const mp = createMilepost()
    mp.on('error', (e) => errors.push(e))
    await mp.init({ config: { version: 1, id: 'x', title: 3, milestones: 'no' } as never, user: { id: 'u1' } })
    await mp.track('anything')
    expect(mp.getState()).toMatchObject({ ready: false, milestones: [] })
    expect(errors).toHaveLength(1)
    const issues = (errors[0] as { issues: Array<{ path: string; message: string }> }).issues
    expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining(['title', 'milestones']))
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain('title')
    mp.destroy()
  })

  it('fetches the journey from configUrl', async () => {
    const fetch = vi.fn(async () => new Response(JSON.stringify(journey)))
    vi.stubGlobal('fetch', fetch)
    const mp = await start({ config: undefined as never, configUrl: '/journeys/acme.json' })
    // fetch's default credentials, same-origin: a journey behind the host's login comes with its cookies.
    expect(fetch).toHaveBeenCalledWith('/journeys/acme.json')
    expect(mp.getState().ready).toBe(true)
    vi.unstubAllGlobals()
  })

  it('reports a configUrl that answers 404 as a config error', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('nope', { status: 404 })))
    const errors: Array<{ kind: string; message: string }> = []
    const mp = createMilepost()
    mp.on('error', (e) => errors.push(e))
    await mp.init({ configUrl: '/missing.json' })
    expect(errors).toMatchObject([{ kind: 'config' }])
    expect(errors[0]!.message).toBe('invalid journey, nothing shown:\nconfigUrl: /missing.json failed (HTTP 404)')
    mp.destroy()
    vi.unstubAllGlobals()
  })

  // bb-r31: the issues were joined by the array's commas, each line but the last ending in "," (after
  // a hint's suggested JSON, the comma read as part of it).
  it('tells an invalid journey\'s issues one per line, nothing between them', async () => {
    const errors: Array<{ kind: string; message: string }> = []
    const mp = createMilepost()
    mp.on('error', (e) => errors.push(e))
    await mp.init({ config: { version: 1, id: 'j', title: 'J', start: 'signedUpAt', milestones: [{ id: 'm', title: 'M', due: 3, steps: [{ id: 's', title: 'S' }] }] } as never })
    expect(errors.map((e) => e.message)).toEqual([
      'invalid journey, nothing shown:\nstart: expected an object, got a string ("signedUpAt"): write { "trait": "signedUpAt" }\nmilestones[0].due: expected an object, got 3: write { "day": 3 }',
    ])
    mp.destroy()
  })

  it('keeps progress per user: switching loads the other user, never a merge, and switching back restores', async () => {
    const mp = await start()
    await mp.complete('invite')
    await mp.identify('u2')
    expect(mp.getState().user.id).toBe('u2')
    expect(step(mp, 'invite').done).toBe(false)
    await mp.complete('connect')
    await mp.identify('u1')
    expect(step(mp, 'invite').done).toBe(true)
    expect(step(mp, 'connect').done).toBe(false)
  })

  it('applies calls made without awaiting in order, each to the user current when it was made: switches wait for the calls before them', async () => {
    const mp = await start()
    // u2's progress is still loading when the step is done; u3 is asked for right after.
    void mp.identify('u2')
    void mp.complete('invite')
    void mp.identify('u3')
    void mp.complete('connect')
    await mp.flush()
    expect(mp.getState().user.id).toBe('u3')
    expect([step(mp, 'invite').done, step(mp, 'connect').done]).toEqual([false, true])
    await mp.identify('u2')
    expect([step(mp, 'invite').done, step(mp, 'connect').done]).toEqual([true, false])
    await mp.identify('u1')
    expect([step(mp, 'invite').done, step(mp, 'connect').done]).toEqual([false, false])
  })

  it('tells what a change brought once it is saved, even when a switch of user came right after it (track, then log in)', async () => {
    const mp = await start()
    const told: string[] = []
    mp.on('step:completed', (e) => told.push(e.stepId))
    void mp.track('data.connected') // u1's step, saved while…
    const switched = mp.identify('u2') // …the host names its user in the same task
    await switched
    await mp.identify('u1')
    expect(step(mp, 'connect').done).toBe(true)
    expect(told).toEqual(['connect'])
  })

  it('a switch away from a user whose progress has not shown yet leaves the next user\'s calls waiting for that user', async () => {
    const mp = await start()
    void mp.identify('u2')
    void mp.identify('u3') // u2's session stops before its progress shows
    await mp.track('report.viewed')
    expect(mp.getState().user.id).toBe('u3')
    expect(mp.getProgress()!.tracks['report.viewed']).toHaveLength(1)
  })

  it('a user switched away from while their progress loads records nothing after: no error, nothing in the next user\'s progress', async () => {
    const mp = await start()
    const errors: string[] = []
    mp.on('error', (e) => errors.push(e.kind + ': ' + e.message))
    let switched: Promise<void> | undefined
    // The host names u3 as soon as u2's first state shows, while u2's session is still starting.
    const unsubscribe = mp.subscribe((state) => {
      if (state.user.id === 'u2' && state.ready && !switched) switched = mp.identify('u3')
    })
    await mp.identify('u2')
    await switched
    unsubscribe()
    await mp.flush()
    expect(errors).toEqual([])
    expect(mp.getState().user.id).toBe('u3')
    expect(Object.keys(mp.getProgress()!.sessions)).toHaveLength(1)
  })

  it('merges new traits for the same user, which can change the audience', async () => {
    const mp = await start({ config: aJourney({ milestones: [{ ...journey.milestones[0]!, audience: { plan: 'pro' } }, journey.milestones[1]!] }) })
    expect(mp.getState().milestones.map((m) => m.id)).toEqual(['share'])
    await mp.identify('u1', { plan: 'pro' })
    expect(mp.getState().milestones.map((m) => m.id)).toEqual(['setup', 'share'])
    expect(mp.getState().user.traits).toMatchObject({ plan: 'pro', signedUpAt: traits().signedUpAt })
  })

  it('reset clears the user progress, also after a reload', async () => {
    const mp = await start()
    await mp.complete('invite')
    await mp.reset()
    expect(step(mp, 'invite').done).toBe(false)
    mp.destroy()
    const again = await start()
    expect(step(again, 'invite').done).toBe(false)
  })

  it('keeps progress across a reload', async () => {
    const mp = await start()
    await mp.complete('invite')
    await mp.track('data.connected')
    mp.destroy()
    const again = await start()
    expect(step(again, 'invite').done).toBe(true)
    expect(step(again, 'connect').done).toBe(true)
  })

  it('an on() handler removed by another during an event is not called for it; one added during it is not either', async () => {
    const mp = await start()
    const heard: string[] = []
    let offB = () => {}
    mp.on('step:completed', () => {
      heard.push('a')
      offB()
      mp.on('step:completed', () => heard.push('c'))
    })
    offB = mp.on('step:completed', () => heard.push('b'))
    await mp.complete('invite')
    expect(heard).toEqual(['a'])
    await mp.complete('connect')
    expect(heard).toEqual(['a', 'a', 'c'])
  })

  it('keeps a change a subscribe() handler answered with a change of its own, and tells both in order', async () => {
    for (const storage of ['indexeddb', 'local'] as const) {
      const mp = await start({ storage })
      const told: string[] = []
      mp.on('step:completed', ({ stepId }) => told.push(stepId))
      // A host that tracks something whenever the checklist moves (its own analytics, or a step it completes).
      let once = false
      mp.subscribe((s) => {
        if (!once && s.milestones[0]!.steps.find((x) => x.id == 'invite')!.done) once = true, void mp.track('data.connected')
      })
      await mp.complete('invite')
      await mp.flush()
      expect(told).toEqual(['invite', 'connect'])
      mp.destroy()
      const again = await start({ storage }) // the next page, on what was saved
      expect([step(again, 'invite').done, step(again, 'connect').done]).toEqual([true, true])
      again.destroy()
    }
  })

  it('gives an anonymous user an id kept in localStorage under milepost:anon', async () => {
    const mp = await start({ user: {} })
    const id = mp.getState().user.id
    expect(id).toMatch(/^anon-/)
    expect(localStorage.getItem('milepost:anon')).toBe(id)
    mp.destroy()
    expect((await start({ user: {} })).getState().user.id).toBe(id)
  })

  it('replaces a kept anonymous id the server would refuse (300 characters) with a new one, kept in its place', async () => {
    localStorage.setItem('milepost:anon', 'anon-' + 'x'.repeat(295))
    const id = (await start({ user: {} })).getState().user.id
    expect(id).toMatch(/^anon-/)
    expect(id.length).toBeLessThanOrEqual(200)
    expect(localStorage.getItem('milepost:anon')).toBe(id)
  })

  it('emits open and close for the UI to follow', async () => {
    const mp = await start()
    const seen: string[] = []
    mp.on('open', () => seen.push('open'))
    mp.on('close', () => seen.push('close'))
    mp.open()
    mp.close()
    expect(seen).toEqual(['open', 'close'])
  })

  it('emits milestone:overdue once per page life when a milestone turns overdue as the day rolls over', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const mp = await start()
    const overdue = vi.fn()
    mp.on('milestone:overdue', overdue)
    clock.now = dayAt(3) + 60_000
    await vi.advanceTimersByTimeAsync(60_000)
    expect(mp.getState().day).toBe(3)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(overdue).toHaveBeenCalledTimes(1)
    expect(overdue.mock.calls[0]![0]).toMatchObject({ milestoneId: 'setup' })
  })

  it('never throws into the host: bad arguments and throwing handlers are reported', async () => {
    const mp = await start()
    mp.on('step:completed', () => {
      throw new Error('host bug')
    })
    mp.subscribe(() => {
      throw new Error('host bug')
    })
    expect(() => mp.track(undefined as never)).not.toThrow()
    expect(() => mp.identify(42 as never)).not.toThrow()
    expect(() => mp.on('error', null as never)).not.toThrow()
    await expect(mp.complete('invite')).resolves.toBeUndefined()
    expect(warnings.some((w) => w.includes('handler threw'))).toBe(true)
  })

  it('reports a handler that is not a function, and a track() name the server would refuse, as input errors when called', async () => {
    const mp = await start()
    const errors: string[] = []
    mp.on('error', (e) => errors.push(`${e.kind}: ${e.message}`))
    const unsubscribe = mp.subscribe(null as never)
    const off = mp.on('step:completed', 'nope' as never)
    expect([typeof unsubscribe, typeof off]).toEqual(['function', 'function'])
    await mp.track('x'.repeat(1001))
    await mp.track('y'.repeat(1000))
    await mp.complete('invite') // the bad handler was never added: nothing throws or warns when the event comes
    expect(errors).toEqual(['input: subscribe() needs a function', 'input: on() needs a function', 'input: track() needs an event name: a string of 1-1000 characters'])
    expect(await savedTracks('y'.repeat(1000))).toHaveLength(1)
    expect(await savedTracks('x'.repeat(1001))).toEqual([])
    expect(warnings.some((w) => w.includes('handler threw'))).toBe(false)
  })

  it('reports a user id the server would refuse, from init() options too, to a handler added after createMilepost()', async () => {
    const errors: string[] = []
    const long = await start({ user: { id: 'x'.repeat(201) }, account: { id: '' } }, (mp) => mp.on('error', (e) => errors.push(`${e.kind}: ${e.message}`)))
    expect(errors).toEqual(['input: user.id: expected a string of 1-200 characters', 'input: account: expected { id: a string of 1-200 characters, traits? }'])
    expect(long.getState().user.id).toMatch(/^anon-/)
    const numeric = await start({ user: { id: 42 as never } }, (mp) => mp.on('error', (e) => errors.push(`${e.kind}: ${e.message}`)))
    expect(errors).toHaveLength(3)
    expect(numeric.getState().user.id).toMatch(/^anon-/)
    await numeric.identify('y'.repeat(201))
    expect(errors.at(-1)).toBe('input: identify() needs a user id: a string of 1-200 characters')
    expect(numeric.getState().user.id).toMatch(/^anon-/)
  })

  it('reports init() options of another type by name, and reads them as not given: the page runs, no internal error', async () => {
    const errors: string[] = []
    const mp = createMilepost({
      config: journey, user: { id: 'u-typed' }, now: 'soon' as never, endpoint: 5 as never, storage: 'localStorage' as never, navigate: '/home' as never,
    })
    mp.on('error', (e) => errors.push(`${e.kind}: ${e.message}`))
    await mp.init()
    await mp.complete('invite')
    expect(errors).toEqual([
      'input: endpoint: expected a string', 'input: now: expected a function', 'input: navigate: expected a function', 'input: storage: expected one of indexeddb,local,memory',
    ])
    expect(mp.getState()).toMatchObject({ ready: true, persistence: 'indexeddb' })
    expect(mp.getState().milestones.flatMap((m) => m.steps).find((s) => s.id === 'invite')!.done).toBe(true)
    expect(mp.options).not.toHaveProperty('endpoint')
    // The control: the same options well typed say nothing.
    const fine: string[] = []
    const ok = createMilepost({ config: journey, user: { id: 'u-typed-2' }, now: () => clock.now, headers: {}, getHeaders: () => ({}), storage: 'memory', navigate: () => {} })
    ok.on('error', (e) => fine.push(e.message))
    await ok.init()
    expect(fine).toEqual([])
  })

  it('reports traits, props and headers that are not objects, by where they were given, and reads them as none', async () => {
    const errors: string[] = []
    const mp = createMilepost({ config: journey, user: { id: 'u-typed', traits: 'plan=pro' as never }, headers: 'Bearer x' as never, storage: 'memory' })
    mp.on('error', (e) => errors.push(`${e.kind}: ${e.message}`))
    await mp.init()
    await mp.identify('u-typed', 'pro' as never)
    await mp.track('report.viewed', 'pdf' as never)
    await mp.track('report.viewed', { format: 'pdf', at: new Date(T0) }) // the control: an object, a Date as its ISO string
    expect(errors).toEqual([
      'input: headers: expected an object', 'input: user.traits: expected an object', 'input: identify() traits: expected an object', 'input: track() props: expected an object',
    ])
    expect(mp.getState().user.traits).toEqual({})
    // The two hits may share a millisecond: in either order.
    const props = mp.getProgress()!.tracks['report.viewed']!.map((h) => h.props)
    expect(props).toHaveLength(2)
    expect(props).toEqual(expect.arrayContaining([{}, { format: 'pdf', at: new Date(T0).toISOString() }]))
  })

  it('props or traits that cannot be read (a getter that throws) are told and read as none: the event is kept and completes its step', async () => {
    const mp = await start()
    const errors: string[] = []
    mp.on('error', (e) => errors.push(`${e.kind}: ${e.message}`))
    const hostile = { plan: 'pro', get seats(): number { throw new Error('revoked') } }
    await mp.track('data.connected', hostile)
    await mp.identify('u1', hostile)
    expect(step(mp, 'connect').done).toBe(true)
    expect(mp.getProgress()!.tracks['data.connected']!.map((h) => h.props ?? {})).toEqual([{}])
    expect(errors).toEqual(['input: track() props: could not be read (Error: revoked)', 'input: identify() traits: could not be read (Error: revoked)'])
  })

  it('reports a user given as its id alone (user: "u_123") instead of starting an anonymous user silently', async () => {
    const errors: string[] = []
    const mp = createMilepost({ config: journey, user: 'u_123' as never })
    mp.on('error', (e) => errors.push(`${e.kind}: ${e.message}`))
    await mp.init()
    expect(errors).toEqual(['input: user: expected an object'])
    expect(mp.getState()).toMatchObject({ ready: true, user: { id: expect.stringMatching(/^anon-/) } })
  })

  it('identify() before init() names a user; init() naming another starts them with nothing of the first (traits, account)', async () => {
    const mp = createMilepost()
    await mp.identify('alice', { role: 'admin' }, { id: 'acme' })
    await mp.init({ config: journey, now: () => clock.now, user: { id: 'bob', traits: { plan: 'free' } } })
    expect(mp.getState()).toMatchObject({ user: { id: 'bob', traits: { plan: 'free' } } })
    expect(mp.getState().user.traits).not.toHaveProperty('role')
    expect(mp.getState().account ?? null).toBeNull()
    // The same user named again keeps what identify() gave.
    mp.destroy()
    const same = createMilepost()
    await same.identify('alice', { role: 'admin' }, { id: 'acme' })
    await same.init({ config: journey, now: () => clock.now, user: { id: 'alice', traits: { plan: 'pro' } } })
    expect(same.getState()).toMatchObject({ user: { id: 'alice', traits: { role: 'admin', plan: 'pro' } }, account: { id: 'acme' } })
    same.destroy()
  })

  it('tells on(\'error\') when a host\'s handler throws; an error handler that throws only warns (no loop)', async () => {
    const mp = await start()
    const errors: string[] = []
    mp.on('error', (e) => {
      errors.push(`${e.kind}: ${e.message}`)
      throw new Error('error handler bug ' + errors.length)
    })
    mp.on('step:completed', () => {
      throw new Error('host bug')
    })
    mp.subscribe((state) => {
      if (state.milestones.some((m) => m.steps.some((x) => x.done))) throw new Error('render bug')
    })
    await mp.complete('invite')
    expect(errors).toEqual(expect.arrayContaining(["handler: on('step:completed') handler threw: Error: host bug", 'handler: subscribe() handler threw: Error: render bug']))
    expect(errors).toHaveLength(2)
  })

  it('runs two instances on one page without sharing state', async () => {
    const a = await start()
    const b = await start({ config: aJourney({ id: 'other' }), user: { id: 'u9' } })
    await a.complete('invite')
    await b.complete('step-1')
    expect(a.getState()).toMatchObject({ journeyId: 'acme-onboarding', user: { id: 'u1' } })
    expect(b.getState()).toMatchObject({ journeyId: 'other', user: { id: 'u9' }, done: true })
    expect(step(a, 'invite').done).toBe(true)
    b.destroy()
    await a.complete('connect')
    expect(step(a, 'connect').done).toBe(true)
  })

  it('uses the given clock for event times', async () => {
    clock.now = T0 + 5_000
    const mp = await start()
    await mp.complete('invite')
    expect(step(mp, 'invite')).toMatchObject({ doneAt: T0 + 5_000 })
  })
})
