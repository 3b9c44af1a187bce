// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Milepost } from '../../src/runtime/api'
import { journey, warnings } from './harness'

type Stub = { _q: unknown[] } & Record<string, (...args: unknown[]) => Promise<unknown>>
const w = window as unknown as { Milepost?: Milepost | Stub }

/** The documented loader stub, as a host page would run it. */
const installStub = () => {
  const stub = { _q: [] as unknown[] } as Stub
  for (const name of 'init identify track complete skip getState subscribe on open close flush reset destroy'.split(' ')) {
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
})

describe('the script-tag entry', () => {
  it('starts by itself from data-config, data-user-id and data-traits, as window.Milepost', async () => {
    await runScript({ config: JSON.stringify(journey), 'user-id': 'u7', traits: '{"plan":"pro"}', storage: 'memory' })
    const mp = w.Milepost as Milepost
    await mp.init()
    expect(mp.getState()).toMatchObject({ ready: true, persistence: 'memory', user: { id: 'u7', traits: { plan: 'pro' } } })
  })

  it('does not start without a journey, and waits for init()', async () => {
    await runScript({})
    const mp = w.Milepost as Milepost
    expect(mp.getState().ready).toBe(false)
    await mp.init({ config: journey, user: { id: 'u1' }, storage: 'memory' })
    expect(mp.getState().ready).toBe(true)
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

  it('mounts the UI itself with the theme and locale of its data- attributes, and destroy() removes it', async () => {
    await runScript({ config: JSON.stringify(journey), 'user-id': 'u1', storage: 'memory', theme: 'dark', locale: 'de' })
    const mp = w.Milepost as Milepost
    await mp.init()
    const host = document.querySelector('milepost-ui')
    expect(host?.getAttribute('data-theme')).toBe('dark')
    expect(mp.options).toMatchObject({ theme: 'dark', locale: 'de' })
    mp.destroy()
    expect(document.querySelector('milepost-ui')).toBeNull()
  })

  it('uses its data- attributes as the defaults of an init() the host calls later', async () => {
    await runScript({ 'user-id': 'u9', theme: 'dark', storage: 'memory' })
    const mp = w.Milepost as Milepost
    await mp.init({ config: journey })
    expect(mp.getState()).toMatchObject({ ready: true, user: { id: 'u9' }, persistence: 'memory' })
    expect(document.querySelector('milepost-ui')?.getAttribute('data-theme')).toBe('dark')
  })

  it('gives the same Promise from every init(), as createMilepost does', async () => {
    await runScript({ 'user-id': 'u1', storage: 'memory' })
    const mp = w.Milepost as Milepost
    const first = mp.init({ config: journey })
    expect(mp.init()).toBe(first)
    await first
  })

  it('starts without any UI under data-ui="false"', async () => {
    await runScript({ config: JSON.stringify(journey), 'user-id': 'u1', storage: 'memory', ui: 'false' })
    await (w.Milepost as Milepost).init()
    expect(document.querySelector('milepost-ui')).toBeNull()
  })

  it('warns once and does nothing when loaded a second time', async () => {
    await runScript({ config: JSON.stringify(journey), 'user-id': 'u1', storage: 'memory' })
    const first = w.Milepost
    await runScript({ config: JSON.stringify(journey), 'user-id': 'u2', storage: 'memory' })
    expect(w.Milepost).toBe(first)
    expect(warnings.filter((m) => m.includes('loaded twice'))).toHaveLength(1)
  })
})
