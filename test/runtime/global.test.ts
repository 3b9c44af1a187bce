// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Milepost } from '../../src/runtime/api'
import { journey, warnings } from './harness'

// The UI file and the preview file are ES modules loaded from beside the script (Chromium tests load
// the built ones, test/browser/script-chunks.test.ts); here they are the source modules. `loads`
// counts the UI file's.
const loads = vi.hoisted(() => ({ count: 0 }))
vi.mock('../../src/adapters/chunk', () => ({
  chunkBase: () => 'http://localhost/',
  ownScript: () => document.currentScript,
  loadChunk: (name: string) => (name.startsWith('milepost-preview') ? import('../../src/runtime/preview-file') : (loads.count++, import('../../src/ui/index'))),
  // The UI file's loader (global.ts keeps its first promise), and the preview file's (runtime/preview-session.lazy.ts).
  lazy: (name: string) => () => (name.startsWith('milepost-preview') ? import('../../src/runtime/preview-file') : (loads.count++, import('../../src/ui/index'))),
}))
/** window.Milepost now (a function, so TypeScript does not narrow it after a `delete`). */
const current = () => w.Milepost as Milepost
const ui = () => vi.waitFor(() => document.querySelector('milepost-ui') ?? Promise.reject(new Error('no UI yet')))

type Stub = { _q: unknown[] } & Record<string, (...args: unknown[]) => Promise<unknown>>
const w = window as unknown as { Milepost?: Milepost | Stub }

/** The documented loader stub, as a host page would run it. */
const installStub = () => {
  const stub = { _q: [] as unknown[] } as Stub
  for (const name of 'init identify track complete skip getState subscribe on open close flush reset destroy startTour preview'.split(' ')) {
    stub[name] = (...args: unknown[]) => new Promise((resolve, reject) => stub._q.push([name, args, resolve, reject]))
  }
  w.Milepost = stub
  return stub
}

/** Runs the script-tag entry as if loaded by a `<script>` with these data- attributes. */
const runScript = async (data: Record<string, string>) => {
  const script = document.createElement('script')
  for (const [k, v] of Object.entries(data)) script.setAttribute('data-' + k, v)
  Object.defineProperty(document, 'currentScript', { configurable: true, get: () => script })
  vi.resetModules()
  await import('../../src/global')
}

afterEach(() => {
  if (w.Milepost && !('_q' in w.Milepost)) w.Milepost.destroy()
  delete w.Milepost
  localStorage.clear()
  loads.count = 0
})

describe('the script-tag entry', () => {
  it('starts by itself from data-config, data-user-id and data-traits, as window.Milepost', async () => {
    await runScript({ config: JSON.stringify(journey), 'user-id': 'u7', traits: '{"plan":"pro"}', storage: 'memory' })
    const mp = w.Milepost as Milepost
    await mp.init()
    expect(mp.getState()).toMatchObject({ ready: true, persistence: 'memory', user: { id: 'u7', traits: { plan: 'pro' } } })
  })

  it('signs out to an anonymous visitor with destroy() then init({ user: null }) on a tag that names its user (bb-r29: init({}) named data-user-id again)', async () => {
    await runScript({ config: JSON.stringify(journey), 'user-id': 'u7', storage: 'memory' })
    await current().init()
    expect(current().getState().user!.id).toBe('u7')
    current().destroy()
    await current().init({ user: null }) // the tag's data-user-id is a default: null is nobody
    expect(current().getState().user!.id).toMatch(/^anon-/)
    expect(current().getState().ready).toBe(true)
  })

  it('does not start without a journey, and waits for init()', async () => {
    await runScript({})
    const mp = w.Milepost as Milepost
    expect(mp.getState().ready).toBe(false)
    await mp.flush() // before init() (a consent banner still up): nothing to send, so no wait
    await mp.identify('u9') // names the first user, at once
    expect(mp.getState().ready).toBe(false)
    await mp.init({ config: journey, user: { id: 'u1' }, storage: 'memory' })
    expect(mp.getState().ready).toBe(true)
  })

  it('a data-config that is not JSON is a refused journey: told, and every call settles', async () => {
    const stub = installStub()
    const seen: string[] = []
    void stub.on!('error', (e: { kind: string; message: string }) => seen.push(e.kind + ': ' + e.message))
    const calls = Promise.all([stub.track!('data.connected'), stub.complete!('invite')]).then(() => 'settled')
    await runScript({ config: '{"version":1,"id":"x"', 'user-id': 'u1', storage: 'memory' })
    expect(await Promise.race([calls, new Promise((r) => setTimeout(() => r('still pending'), 500))])).toBe('settled')
    expect(await current().track('report.shared')).toBeUndefined() // and the host's later calls
    expect(seen[0]).toMatch(/^config: data-config is not valid JSON/)
    expect(seen[1]).toMatch(/^config: invalid journey, nothing shown/)
    expect(current().getState().ready).toBe(false)
  })

  it('replays the calls the stub queued in order, resolves their promises, and reports bad data-traits to a queued handler', async () => {
    const stub = installStub()
    const seen: string[] = []
    void stub.on!('error', (e: { kind: string }) => seen.push('error:' + e.kind))
    void stub.on!('step:completed', (e: { stepId: string }) => seen.push(e.stepId))
    const done = Promise.all([stub.complete!('invite'), stub.track!('data.connected')]).then(() => seen.push('resolved'))
    const unsubscribe = stub.subscribe!(() => {})
    await runScript({ config: JSON.stringify(journey), 'user-id': 'u1', traits: '{oops', storage: 'memory' })
    await done
    expect(seen).toEqual(['error:traits', 'invite', 'connect', 'resolved'])
    expect(typeof (await unsubscribe)).toBe('function')
    expect(warnings.filter((m) => m.includes('data-traits'))).toHaveLength(1)
  })

  it('replays identify(), track(), identify() from the stub each to its own user, and flush() resolves once they are stored', async () => {
    const stub = installStub()
    void stub.identify!('bob')
    void stub.complete!('invite')
    void stub.identify!('carol')
    const flushed = stub.flush!()
    await runScript({ config: JSON.stringify(journey), 'user-id': 'u1', storage: 'memory' })
    await flushed
    const mp = current()
    expect(mp.getState()).toMatchObject({ ready: true, user: { id: 'carol' } })
    expect(mp.getProgress()!.steps).toEqual({})
    await mp.identify('bob')
    expect(mp.getProgress()!.steps.invite?.done).toBeTypeOf('number')
  })

  it('mounts the UI itself with the theme and locale of its data- attributes, and destroy() removes it', async () => {
    await runScript({ config: JSON.stringify(journey), 'user-id': 'u1', storage: 'memory', theme: 'dark', locale: 'de' })
    const mp = w.Milepost as Milepost
    await mp.init()
    const host = await ui()
    expect(host.getAttribute('data-theme')).toBe('dark')
    expect(mp.options).toMatchObject({ theme: 'dark', locale: 'de' })
    mp.destroy()
    expect(document.querySelector('milepost-ui')).toBeNull()
  })

  it('uses its data- attributes as the defaults of an init() the host calls later', async () => {
    await runScript({ 'user-id': 'u9', theme: 'dark', storage: 'memory' })
    const mp = w.Milepost as Milepost
    await mp.init({ config: journey })
    expect(mp.getState()).toMatchObject({ ready: true, user: { id: 'u9' }, persistence: 'memory' })
    expect((await ui()).getAttribute('data-theme')).toBe('dark')
  })

  it('takes init() options whose getters throw as not given, told, without throwing into the page (a queued init() too)', async () => {
    const queued = installStub()
    const errors: string[] = []
    void queued.on!('error', (e: { kind: string; message: string }) => errors.push(`${e.kind}: ${e.message}`))
    const options = {
      config: journey, user: { id: 'u1', get traits(): never { throw new Error('boom-u') } },
      get account(): never { throw new Error('boom-a') },
    }
    const initialised = queued.init!(options)
    await runScript({ storage: 'memory' })
    await initialised
    const mp = current()
    expect(mp.getState()).toMatchObject({ ready: true, user: { id: 'u1', traits: {} } })
    expect(mp.getState().account).toBeUndefined()
    expect(errors).toEqual(['input: account: could not be read (Error: boom-a)', 'input: user.traits: could not be read (Error: boom-u)'])
    await mp.destroy()
    // The same to the tag already there: nothing thrown.
    await runScript({ storage: 'memory' })
    expect(() => current().init(options)).not.toThrow()
    await vi.waitFor(() => expect(current().getState().ready).toBe(true))
  })

  it('passes data-account-id and data-account-traits to init() as account', async () => {
    await runScript({ 'user-id': 'u1', storage: 'memory', 'account-id': 'acme', 'account-traits': '{"seats":12,"tier":"enterprise"}' })
    const mp = current()
    await mp.init({ config: journey })
    expect(mp.options.account).toEqual({ id: 'acme', traits: { seats: 12, tier: 'enterprise' } })
  })

  it('reports data-account-traits that are not JSON, or come without data-account-id, and ignores them', async () => {
    const stub = installStub()
    const seen: string[] = []
    void stub.on!('error', (e: { kind: string; message: string }) => seen.push(e.message))
    await runScript({ 'user-id': 'u1', storage: 'memory', 'account-traits': '{"seats":12}' })
    expect(seen).toEqual(['data-account-traits needs data-account-id; it is ignored'])
    ;current().destroy()
    delete w.Milepost
    const again = installStub()
    void again.on!('error', (e: { kind: string; message: string }) => seen.push(e.message))
    await runScript({ 'user-id': 'u1', storage: 'memory', 'account-id': 'acme', 'account-traits': '{seats' })
    await current().init({ config: journey })
    expect(seen[1]).toMatch(/^data-account-traits is not valid JSON/)
    expect(current().options.account).toEqual({ id: 'acme' })
  })

  it('loads no UI for a journey with nothing for this user, and remembers it for the next page', async () => {
    const none = { ...journey, milestones: journey.milestones.map((m) => ({ ...m, audience: { plan: 'pro' } })) }
    await runScript({ config: JSON.stringify(none), 'user-id': 'u1', traits: '{"plan":"free"}', storage: 'memory' })
    await current().init()
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(document.querySelector('milepost-ui')).toBeNull()
    current().destroy()
    delete w.Milepost
    loads.count = 0
    await runScript({ config: JSON.stringify(none), 'user-id': 'u1', traits: '{"plan":"free"}', storage: 'memory' })
    await current().init()
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(loads.count).toBe(0)
    expect(document.querySelector('milepost-ui')).toBeNull()
  })

  it('init({ ui: false }) tells the next page not to fetch the UI file ahead; a preview page leaves nothing', async () => {
    /** Ends this page and starts the next one's tag (no init() yet): how many UI files it fetches ahead. */
    const nextPageFetches = async () => {
      current().destroy()
      delete w.Milepost
      loads.count = 0
      await runScript({ 'user-id': 'u1', storage: 'memory' })
      await new Promise((resolve) => setTimeout(resolve, 0))
      return loads.count
    }
    await runScript({ 'user-id': 'u1', storage: 'memory' })
    await current().init({ config: journey, ui: false })
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(await nextPageFetches()).toBe(0)
    current().destroy()
    delete w.Milepost
    localStorage.clear()
    history.replaceState(null, '', '/?milepost-preview')
    try {
      await runScript({ 'user-id': 'u1', storage: 'memory' })
      await current().init({ config: journey, ui: false })
      await new Promise((resolve) => setTimeout(resolve, 0))
    } finally {
      history.replaceState(null, '', '/')
    }
    expect(await nextPageFetches()).toBe(1) // the preview told it nothing: a first page's fetch ahead
  })

  it('opens a preview from the URL (?milepost-preview&milepost-day=…&milepost-completed=…), and tells traits that are not JSON, in the URL as in data-traits', async () => {
    const stub = installStub()
    const seen: string[] = []
    void stub.on!('error', (e: { kind: string; message: string }) => seen.push(`${e.kind}: ${e.message.replace(/ \(.*\)/, '')}`))
    history.replaceState(null, '', '/?milepost-preview&milepost-day=3&milepost-completed=invite&milepost-traits={plan')
    try {
      await runScript({ config: JSON.stringify(journey), 'user-id': 'u1', traits: '{plan', storage: 'memory' })
      await vi.waitFor(() => expect(current().getState().preview).toBe(true))
    } finally {
      history.replaceState(null, '', '/')
    }
    expect(current().getState()).toMatchObject({ preview: true, day: 3 })
    expect(current().getState().milestones.flatMap((m) => m.steps).find((s) => s.id == 'invite')?.done).toBe(true)
    await vi.waitFor(() => expect(seen).toContain('traits: milepost-traits is not valid JSON; it is ignored'))
    expect(seen.sort()).toEqual(['traits: data-traits is not valid JSON; it is ignored', 'traits: milepost-traits is not valid JSON; it is ignored'])
  })

  it('fetches the UI file while a first page starts (no hint left yet)', async () => {
    await runScript({ 'user-id': 'u1', storage: 'memory' })
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(loads.count).toBe(1)
  })

  it('loads no UI for a user whose journey is done, until the host calls open()', async () => {
    const one = { ...journey, milestones: [{ ...journey.milestones[0]!, steps: [{ id: 'invite', title: 'Invite' }] }] }
    await runScript({ config: JSON.stringify(one), 'user-id': 'u1', storage: 'local' })
    await current().init()
    await ui()
    await current().complete('invite') // done: nothing to show next time
    ;current().destroy()
    delete w.Milepost
    loads.count = 0
    await runScript({ config: JSON.stringify(one), 'user-id': 'u1', storage: 'local' })
    const mp = current()
    await mp.init()
    expect(mp.getState().done).toBe(true)
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(loads.count).toBe(0)
    expect(document.querySelector('milepost-ui')).toBeNull()
    mp.open()
    await vi.waitFor(() => expect((document.querySelector('milepost-ui')?.shadowRoot?.querySelector('.pn'))).not.toBeNull())
    expect(loads.count).toBe(1)
  })

  // bb-r25: ui.md promises a user who hid the checklist their celebrations, but nothing mounted the UI
  // for one: the milestone was done, told to the host, and the user saw nothing.
  it('mounts the UI for a milestone done while nothing is mounted (the checklist hidden), and celebrates it', async () => {
    await runScript({ config: JSON.stringify(journey), 'user-id': 'u1', storage: 'local' })
    const mp = current()
    await mp.init()
    await mp.track('checklist:dismissed')
    current().destroy()
    delete w.Milepost
    loads.count = 0
    await runScript({ config: JSON.stringify(journey), 'user-id': 'u1', storage: 'local' })
    await current().init()
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect([current().getState().dismissed, loads.count, document.querySelector('milepost-ui')]).toEqual([true, 0, null])
    await current().track('report.shared') // "Share", one step, done
    const root = (await ui()).shadowRoot!
    await vi.waitFor(() => expect(root.querySelector('.ch')?.textContent).toContain('Share'))
    expect(root.querySelector('.lc')).toBeNull() // hidden: no launcher beside it
  })

  it('starts again on init() after destroy(): a user signed out and another signed in, without a reload', async () => {
    await runScript({ storage: 'local', theme: 'dark' })
    const mp = current()
    const told: string[] = []
    mp.on('step:completed', (e) => told.push('old:' + e.stepId))
    await mp.init({ config: journey, user: { id: 'u1' } })
    await ui()
    await mp.complete('invite')
    mp.destroy()
    expect(document.querySelector('milepost-ui')).toBeNull()
    expect(mp.getState().ready).toBe(false)

    // The same window.Milepost, with the tag's defaults again (data-theme) and the new user.
    await mp.init({ config: journey, user: { id: 'u2' } })
    expect(current()).toBe(mp)
    expect(mp.getState()).toMatchObject({ ready: true, user: { id: 'u2' } })
    expect(mp.options).toMatchObject({ theme: 'dark', storage: 'local' })
    expect(mp.getState().milestones[0]!.steps.find((s) => s.id == 'invite')!.done).toBe(false)
    mp.on('step:completed', (e) => told.push('new:' + e.stepId))
    await mp.track('data.connected')
    expect(told).toEqual(['old:invite', 'new:connect']) // the ended instance's handlers went with it
    expect((await ui()).getAttribute('data-theme')).toBe('dark') // the UI mounts again, for the new instance
    expect(warnings.filter((m) => m.includes('init()'))).toEqual([])

    // And u1's progress is still theirs.
    mp.destroy()
    await mp.init({ config: journey, user: { id: 'u1' } })
    expect(mp.getState().milestones[0]!.steps.find((s) => s.id == 'invite')!.done).toBe(true)
  })

  it('starts from an init() the stub queued, with the attributes as its defaults: a function option (navigate) reaches the instance', async () => {
    const stub = installStub()
    const navigate = (href: string) => void href
    const started = stub.init!({ navigate, locale: 'de' })
    await runScript({ config: JSON.stringify(journey), 'user-id': 'u1', storage: 'memory', locale: 'fr' })
    await started
    const mp = current() as Milepost & { options: { navigate?: unknown; locale?: string } }
    expect(mp.getState()).toMatchObject({ ready: true, user: { id: 'u1' }, persistence: 'memory' })
    expect(mp.options.navigate).toBe(navigate)
    expect(mp.options.locale).toBe('de') // the page's own call wins over the attribute
    expect(warnings.filter((m) => m.includes('init() called twice'))).toEqual([])
  })

  it('gives the same Promise from every init(), as createMilepost does', async () => {
    await runScript({ 'user-id': 'u1', storage: 'memory' })
    const mp = current()
    const first = mp.init({ config: journey })
    expect(mp.init()).toBe(first)
    await first
  })

  it('starts without any UI under data-ui="false"', async () => {
    await runScript({ config: JSON.stringify(journey), 'user-id': 'u1', storage: 'memory', ui: 'false' })
    await current().init()
    expect(document.querySelector('milepost-ui')).toBeNull()
  })

  it('warns once and starts nothing when loaded a second time with the same attributes', async () => {
    await runScript({ config: JSON.stringify(journey), 'user-id': 'u1', traits: '{"plan":"pro"}', storage: 'memory' })
    const first = current()
    await first.init()
    const states: unknown[] = []
    first.subscribe((s) => states.push(s))
    await runScript({ config: JSON.stringify(journey), 'user-id': 'u1', traits: '{"plan":"pro"}', storage: 'memory' })
    await first.flush()
    expect(current()).toBe(first)
    expect(warnings.filter((m) => m.includes('loaded twice'))).toHaveLength(1)
    expect(states).toHaveLength(1) // subscribe()'s own call: the same user with nothing new makes no new state
  })

  // Turbo Drive runs a <head> script again when its attributes changed: the page after a sign-in names its user.
  it('passes a second copy\'s user on to the running copy: another user, new traits, its account', async () => {
    await runScript({ config: JSON.stringify(journey), storage: 'memory' })
    const first = current()
    await first.init()
    const anonymous = first.getState().user!.id
    await runScript({ config: JSON.stringify(journey), 'user-id': 'u2', traits: '{"plan":"pro"}', 'account-id': 'acme', storage: 'memory' })
    expect(current()).toBe(first)
    await vi.waitFor(() => expect(first.getState().user).toMatchObject({ id: 'u2', traits: { plan: 'pro' } }))
    expect(first.getState().user!.id).not.toBe(anonymous)
    expect(first.getState().account).toMatchObject({ id: 'acme' })
    // The same user's next page with other traits: merged.
    await runScript({ 'user-id': 'u2', traits: '{"seats":5}' })
    await vi.waitFor(() => expect(first.getState().user!.traits).toEqual({ plan: 'pro', seats: 5 }))
    // A copy that names nobody (a public page) leaves the user as they are.
    await runScript({ traits: '{"seats":' })
    await first.flush()
    expect(first.getState().user).toMatchObject({ id: 'u2', traits: { plan: 'pro', seats: 5 } })
  })
})
