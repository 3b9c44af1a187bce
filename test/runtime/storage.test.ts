// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest'
import { clear, createStore, get, set } from 'idb-keyval'
import { fallbackStore } from '../../src/adapters/storage'
import { idbStore, warmIdb } from '../../src/adapters/storage-idb'
import type { KeyStore } from '../../src/adapters/storage'
import { memoryStore } from '../../src/adapters/storage-memory'
import { emptyProgress } from '../../src/core/index'
import type { Milepost } from '../../src/runtime/api'
import { T0 } from '../builders'
import { clock, saved, savedEvents, savedStep, start, warnings } from './harness'

const done = (mp: Milepost, id: string) => mp.getState().milestones.flatMap((m) => m.steps).find((s) => s.id === id)!.done
const progressStore = () => createStore('milepost', 'progress')
const brokenIndexedDB = (get: () => unknown) => Object.defineProperty(globalThis, 'indexedDB', { configurable: true, get })

/** Deletes Milepost's database, as a sign-out that wipes the device would: once every connection to it is closed. */
const wipe = () => new Promise<string>((resolve, reject) => {
  const request = indexedDB.deleteDatabase('milepost')
  request.onsuccess = () => resolve('deleted')
  request.onerror = () => reject(request.error)
})

describe('storage after destroy()', () => {
  it('lets go of the database: a sign-out may delete it, and the next instance opens its own', async () => {
    const mp = await start()
    await mp.complete('invite')
    mp.destroy()
    expect(await wipe()).toBe('deleted')
    const next = await start()
    expect(next.getState().persistence).toBe('indexeddb')
    expect(done(next, 'invite')).toBe(false) // wiped
  })

  it('lets go of the database when another tab deletes it (a sign-out that wipes the device while this page is open): the delete succeeds, and this page goes on in localStorage', async () => {
    const mp = await start()
    await mp.complete('invite')
    // Another tab's wipe: without the page letting go it stays blocked as long as the page is open.
    const outcome = await Promise.race([wipe(), new Promise((resolve) => setTimeout(() => resolve('still blocked'), 1000))])
    expect(outcome).toBe('deleted')
    await mp.complete('connect')
    expect(mp.getState().persistence).toBe('local')
    expect([done(mp, 'invite'), done(mp, 'connect')]).toEqual([true, true])
  })

  it('writes nothing once over: neither the writes under way nor the last request\'s answer make the database again after a sign-out wiped it', async () => {
    let answer!: (r: Response) => void
    const fetches: string[] = []
    vi.stubGlobal('fetch', (url: string, init?: RequestInit) => {
      fetches.push(`${init?.method ?? 'GET'} ${url}`)
      if (init?.method !== 'POST') return Promise.resolve(new Response(JSON.stringify({ progress: emptyProgress('u1') }), { headers: { 'content-type': 'application/json' } }))
      const { batchId, events } = JSON.parse(String(init.body)) as { batchId: string; events: Array<{ id: string }> }
      // Held until the test lets it through: the server's answer comes after the wipe.
      return new Promise<Response>((resolve) => (answer = resolve)).then(() => {
        const reply = new Response(JSON.stringify({ batchId, acked: events.map((e) => e.id), rejected: [], progress: { ...emptyProgress('u1'), steps: { invite: { done: T0 } } } }), { headers: { 'content-type': 'application/json' } })
        const text = reply.text.bind(reply)
        reply.text = () => text().finally(() => (read = true))
        return reply
      })
    })
    let read = false
    try {
      const mp = await start({ endpoint: '/api' })
      // The user's last acts, then the sign-out at once: their writes are still under way.
      void mp.track('report.shared')
      void mp.complete('invite')
      mp.destroy() // its last request goes out with what waits
      await vi.waitFor(() => expect(fetches.some((f) => f.startsWith('POST'))).toBe(true))
      expect(await wipe()).toBe('deleted')
      answer(new Response())
      await vi.waitFor(() => expect(read).toBe(true)) // the answer is read, then handled:
      await mp.flush() // (settles at once: destroyed) and a task for the handling's storage calls
      await new Promise((r) => setTimeout(r))
      expect((await indexedDB.databases()).map((d) => d.name)).toEqual([])
    } finally {
      vi.unstubAllGlobals()
    }
  })

  it('the IndexedDB store, once closed, reads and writes nothing, and never makes the database again', async () => {
    const store = idbStore(3000, progressStore)
    await store.update(['k'], () => 1)
    store.close!()
    expect(await wipe()).toBe('deleted')
    expect(await store.update(['k'], () => 2)).toEqual([])
    expect(await store.read('')).toEqual([])
    expect((await indexedDB.databases()).map((d) => d.name)).toEqual([])
  })

  it('lets go only once what was under way is stored: a change made just before destroy() is kept', async () => {
    const mp = await start()
    const errors: string[] = []
    mp.on('error', (e) => errors.push(e.message))
    // Their writes are under way, one after the other, as destroy() comes.
    const completed = Promise.all([mp.complete('invite'), mp.track('report.shared'), mp.complete('connect')])
    mp.destroy()
    await completed
    expect(errors).toEqual([])
    const next = await start()
    expect(next.getState().persistence).toBe('indexeddb')
    expect(['invite', 'share-report', 'connect'].map((id) => done(next, id))).toEqual([true, true, true])
    next.destroy()
    expect(await wipe()).toBe('deleted')
  })
})

describe('storage', () => {
  it('keeps progress in its own database, a small entry per change, and each event until it is sent: the next page reads it all back', async () => {
    const mp = await start()
    await mp.complete('invite')
    await mp.track('report.shared')
    expect((await indexedDB.databases()).map((d) => d.name)).toEqual(['milepost'])
    // A change writes what it changed, not the whole document: the step's entry holds no tracked event.
    const entries = [...(await saved()).values()] as Array<{ steps?: Record<string, object>; tracks?: Record<string, object> }>
    const invite = entries.find((v) => v?.steps?.invite)
    expect(invite).toBeDefined()
    expect(Object.keys(invite!.tracks ?? {})).toEqual([])
    expect(await savedEvents()).toEqual(expect.arrayContaining(['complete', 'track', 'complete'])) // invite; the event and the step it completed
    mp.destroy()
    const again = await start()
    expect(again.getState().milestones.flatMap((m) => m.steps).filter((s) => s.done).map((s) => s.id).sort()).toEqual(['invite', 'share-report'])
  })

  it('reads the entries under a prefix only: one user\'s, the outbox without what was set aside (as a browser\'s key range does)', async () => {
    const store = idbStore()
    await store.update(['j|u1|step:a', 'j|u1|out:e1', 'j|u1|quarantine:out:e0', 'j|u1|folded', 'j|u2|step:a'], (key) => ({ key }))
    expect((await store.read('j|u1|out:')).map(([key]) => key)).toEqual(['j|u1|out:e1'])
    expect((await store.read('j|u1|folded')).map(([key]) => key)).toEqual(['j|u1|folded'])
    expect((await store.read('j|u1|')).map(([key]) => key)).not.toContain('j|u2|step:a')
  })

  it('a write that throws inside the transaction (put refusing a value) rejects the update with its error, never as an uncaught error in the page', async () => {
    const store = idbStore()
    await store.update(['x|k'], () => ({ v: 1 }))
    const put = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('quota', 'QuotaExceededError')
    })
    const uncaught: unknown[] = []
    const onError = (e: ErrorEvent) => void uncaught.push(e.error ?? e.message)
    addEventListener('error', onError)
    try {
      await expect(store.update(['x|k'], () => ({ v: 2 }))).rejects.toMatchObject({ name: 'QuotaExceededError' }) // the fallback takes over, saying why
    } finally {
      put.mockRestore()
      removeEventListener('error', onError)
    }
    expect(uncaught).toEqual([])
    expect((await store.read('x|'))).toEqual([['x|k', { v: 1 }]]) // nothing half-written
  })

  /** Records the connection each transaction is asked of, as the page would see it: `last()` closes under the store. */
  const watchConnections = () => {
    const opened: IDBDatabase[] = []
    const transaction = IDBDatabase.prototype.transaction
    const spy = vi.spyOn(IDBDatabase.prototype, 'transaction').mockImplementation(function (this: IDBDatabase, ...args: Parameters<typeof transaction>) {
      if (!opened.includes(this)) opened.push(this)
      return transaction.apply(this, args)
    })
    return { opened, restore: () => spy.mockRestore() }
  }

  it('a connection closed under the page (the browser let go of it) is opened again once, and the write lands there: no fallback (reliability.md row 30)', async () => {
    const connections = watchConnections()
    try {
      const store = idbStore()
      await store.update(['r|a'], () => 1)
      connections.opened[0]!.close() // "The database connection is closing" for the next transaction
      await expect(store.update(['r|b'], () => 2)).resolves.toEqual([undefined])
      expect(connections.opened).toHaveLength(2) // one open again, not more
      expect(await store.read('r|')).toEqual([['r|a', 1], ['r|b', 2]])
    } finally {
      connections.restore()
    }
  })

  it('a session whose connection closed under it stays in IndexedDB: the step is stored there, nothing is said', async () => {
    const connections = watchConnections()
    try {
      const mp = await start()
      await mp.complete('invite')
      for (const db of connections.opened) db.close()
      await mp.complete('connect')
      await mp.flush()
      expect(mp.getState().persistence).toBe('indexeddb')
      expect(warnings.filter((w) => w.includes('storage'))).toEqual([])
      expect(await savedStep('connect')).toMatchObject({ done: expect.any(Number) })
    } finally {
      connections.restore()
    }
  })

  it('after another tab wiped the database, the next instance (a sign-in without a reload) opens its own, and opens it again when it closes under it', async () => {
    const signedOut = await start()
    await signedOut.complete('invite')
    expect(await wipe()).toBe('deleted') // another tab's sign-out: this page let go and goes on in localStorage
    signedOut.destroy()
    const connections = watchConnections()
    try {
      const next = await start()
      await next.complete('connect')
      for (const db of connections.opened) db.close()
      await next.complete('see-banner')
      await next.flush()
      expect(next.getState().persistence).toBe('indexeddb')
      expect(await savedStep('see-banner')).toMatchObject({ done: expect.any(Number) })
    } finally {
      connections.restore()
    }
  })

  it('opens again once per failure: a connection that keeps failing falls back, the write kept there', async () => {
    const store = fallbackStore([['indexeddb', () => idbStore()], ['memory', () => memoryStore()]], () => {})
    await store.update(['f|a'], () => 1)
    let tries = 0
    const transaction = vi.spyOn(IDBDatabase.prototype, 'transaction').mockImplementation(() => {
      tries++
      throw new DOMException('The database connection is closing.', 'InvalidStateError')
    })
    try {
      await store.update(['f|b'], () => 2)
    } finally {
      transaction.mockRestore()
    }
    expect(tries).toBe(2)
    expect(store.kind).toBe('memory')
    expect(await store.read('f|')).toEqual([['f|b', 2]])
  })

  it('creates nothing before init() when warmed on a first visit: the first store paints from knowing nothing is stored', async () => {
    await warmIdb()
    expect((await indexedDB.databases()).map((d) => d.name)).not.toContain('milepost')
    const store = idbStore()
    expect(store.peek!(['a|', 'b|'])).toEqual([[], []])
    await store.update(['a|k'], () => ({ v: 1 })) // the store creates it, after init()
    expect((await indexedDB.databases()).map((d) => d.name)).toContain('milepost')
  })

  it('does nothing early where the browser cannot list its databases (Firefox before 126): the store reads as before', async () => {
    await idbStore(3000, progressStore).update(['old|k'], () => ({ v: 1 }))
    const databases = vi.spyOn(indexedDB, 'databases').mockImplementation(() => {
      throw new TypeError('indexedDB.databases is not a function')
    })
    await warmIdb()
    const store = idbStore()
    expect(store.peek!(['old|'])).toBeUndefined() // no early read: the first state waits for the store's own
    expect(await store.read('old|')).toEqual([['old|k', { v: 1 }]])
    databases.mockRestore()
  })

  it('reads an existing database ahead of init() when warmed: the first store paints from that read, then goes on with the database', async () => {
    await idbStore(3000, progressStore).update(['warm|k'], () => ({ v: 1 }))
    await warmIdb()
    const store = idbStore()
    expect(store.peek!(['warm|'])).toEqual([[['warm|k', { v: 1 }]]])
    await store.update(['warm|k2'], () => ({ v: 2 }))
    expect(await store.read('warm|')).toEqual([['warm|k', { v: 1 }], ['warm|k2', { v: 2 }]])
  })

  it('paints the first state from the script tag’s early read while its own read runs: the count a user sees never changes', async () => {
    const earlier = await start()
    await earlier.complete('invite')
    earlier.destroy()
    // The next page: the tag reads what is stored before init(); the session's own read (by key
    // range) is then held back until released.
    await warmIdb()
    let release = () => {}
    const held = new Promise<void>((resolve) => (release = resolve))
    const getAll = IDBObjectStore.prototype.getAll
    const spy = vi.spyOn(IDBObjectStore.prototype, 'getAll').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<typeof getAll>) {
      const request = getAll.apply(this, args)
      if (!args.length) return request
      const late = {} as { result?: unknown, onsuccess?: () => void, onerror?: () => void, error?: unknown }
      request.onsuccess = () => void held.then(() => ((late.result = request.result), late.onsuccess?.()))
      request.onerror = () => ((late.error = request.error), late.onerror?.())
      return late as unknown as ReturnType<typeof getAll>
    })
    // Each ready state: whether the saved step shows done, and whether the held read had answered.
    const seen: Array<[done: boolean, read: boolean]> = []
    let answered = false
    const mp = await start({}, (m) => m.subscribe((state) => {
      if (!state.ready) return
      seen.push([done(m, 'invite') !== undefined, answered])
      if (seen.length == 1) setTimeout(() => ((answered = true), release()), 20)
    })).finally(() => spy.mockRestore())
    expect(seen[0]).toEqual([true, false]) // painted before the read answered, with the saved step
    expect(answered).toBe(true) // init() resolved once the read had answered and merged in
    expect(seen.every(([shown]) => shown)).toBe(true) // no state in between showed less
    expect(done(mp, 'invite')).toBeDefined()
  })

  it('keeps what the page showed when it is left with a write under way: the next page merges it', async () => {
    const mp = await start()
    void mp.complete('invite')
    expect(done(mp, 'invite')).toBe(true) // shown at once, its IndexedDB transaction under way
    window.dispatchEvent(new Event('pagehide')) // a click on a link that leaves the page
    // What the page showed is in localStorage (found by content: the step's record), for the next page.
    expect(Object.values(localStorage).filter((v) => String(v).includes('"invite"'))).toHaveLength(1)
    // The page went before its transaction committed: IndexedDB holds nothing of it.
    mp.destroy()
    await clear(progressStore())
    const next = await start()
    expect(done(next, 'invite')).toBe(true)
  })

  it('keeps nothing in localStorage when the page is left with every write stored', async () => {
    const mp = await start()
    await mp.complete('invite')
    window.dispatchEvent(new Event('pagehide'))
    expect(Object.values(localStorage).filter((v) => String(v).includes('"invite"'))).toEqual([])
  })

  it('never touches the host own localStorage keys or the idb-keyval default database', async () => {
    localStorage.setItem('theme', 'dark')
    await set('host-key', { mine: true })
    const mp = await start({ storage: 'local' })
    await mp.complete('invite')
    await mp.reset()
    expect(localStorage.getItem('theme')).toBe('dark')
    expect(await get('host-key')).toEqual({ mine: true })
    expect(Object.keys(localStorage).filter((k) => !k.startsWith('milepost:'))).toEqual(['theme'])
  })

  it('falls back to localStorage when the indexedDB getter throws, says so once, and keeps progress across reloads', async () => {
    brokenIndexedDB(() => {
      throw new DOMException('denied', 'SecurityError')
    })
    const errors: unknown[] = []
    const mp = await start()
    mp.on('error', (e) => errors.push(e))
    expect(mp.getState().persistence).toBe('local')
    await mp.complete('invite')
    expect(Object.entries(localStorage).some(([k, v]) => k.startsWith('milepost:') && v.includes('"invite"') && v.includes('"done"'))).toBe(true)
    mp.destroy()
    const again = await start()
    expect(done(again, 'invite')).toBe(true)
    expect(warnings.filter((w) => w.includes('storage'))).toHaveLength(2) // once per instance
  })

  it('falls back when indexedDB is missing altogether', async () => {
    brokenIndexedDB(() => undefined)
    expect((await start()).getState().persistence).toBe('local')
  })

  it('falls back after 3 s when opening IndexedDB hangs', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    brokenIndexedDB(() => ({ open: () => ({}) }))
    let ready = false
    const mp = await new Promise<Milepost>((resolve) => {
      void start().then((m) => ((ready = true), resolve(m)))
      void vi.advanceTimersByTimeAsync(2_900).then(() => {
        expect(ready).toBe(false)
        return vi.advanceTimersByTimeAsync(200)
      })
    })
    expect(ready).toBe(true)
    expect(mp.getState().persistence).toBe('local')
  })

  it('falls back when a write hits the quota, without losing what is in memory or what was saved before', async () => {
    const mp = await start()
    await mp.complete('invite')
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('full', 'QuotaExceededError')
    })
    await mp.track('data.connected')
    expect(mp.getState().persistence).toBe('local')
    expect(done(mp, 'connect')).toBe(true)
    expect(done(mp, 'invite')).toBe(true)
    mp.destroy()
    vi.restoreAllMocks()
    const again = await start() // IndexedDB works again: both backends are read
    expect(again.getState().persistence).toBe('indexeddb')
    expect([done(again, 'invite'), done(again, 'connect')]).toEqual([true, true])
  })

  it('reads what an earlier page saved in localStorage after the first state, merges it and moves it to IndexedDB', async () => {
    const earlier = await start({ storage: 'local' })
    await earlier.complete('invite')
    earlier.destroy()
    const key = vi.spyOn(localStorage, 'key')
    const readsAtReady: number[] = []
    const mp = await start({}, (m) => m.subscribe((s) => void (s.ready && !readsAtReady.length && readsAtReady.push(key.mock.calls.length))))
    expect(readsAtReady).toEqual([0]) // the first state came from IndexedDB alone
    expect(key).toHaveBeenCalled()
    expect(mp.getState().persistence).toBe('indexeddb')
    expect(done(mp, 'invite')).toBe(true) // init() resolved once the earlier page's progress joined
    expect(await savedStep('invite')).toEqual({ done: expect.any(Number) }) // in IndexedDB now
  })

  it('reads what an earlier page saved in localStorage when IndexedDB reads but its writes fail again (a full disk): nothing shown done is lost', async () => {
    const earlier = await start({ storage: 'local' })
    await earlier.complete('invite')
    earlier.destroy()
    // IndexedDB's reads work, its writes fail (QuotaExceededError): this page falls back as it starts.
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('quota', 'QuotaExceededError')
    })
    const mp = await start()
    expect(mp.getState().persistence).toBe('local')
    expect(done(mp, 'invite')).toBe(true)
    await mp.complete('connect')
    mp.destroy()
    const next = await start()
    expect([done(next, 'invite'), done(next, 'connect')]).toEqual([true, true])
    vi.restoreAllMocks()
  })

  it('answers a first visit\'s read at once when the browser lists no Milepost database, without waiting for its creation', async () => {
    const hanging = () => () => new Promise<never>(() => {}) // an open that has not answered yet
    vi.spyOn(indexedDB, 'databases').mockResolvedValue([{ name: 'host-db', version: 1 }])
    const first = idbStore(50, hanging)
    expect(await first.read('acme-onboarding|u1|')).toEqual([])
    await expect(first.read('acme-onboarding|u1|')).rejects.toThrow('timed out') // later reads wait for the database
    vi.spyOn(indexedDB, 'databases').mockResolvedValue([{ name: 'milepost', version: 1 }])
    await expect(idbStore(50, hanging).read('acme-onboarding|u1|')).rejects.toThrow('timed out') // it exists: read it
  })

  it('does not open again an open that timed out and failed later: the page has fallen back by then', async () => {
    let fail!: (error: unknown) => void
    let opens = 0
    const slow = () => {
      opens++
      return () => new Promise<never>((_, reject) => (fail = reject)) // answers long after its timeout
    }
    const store = idbStore(50, slow)
    await expect(store.update(['t|k'], () => 1)).rejects.toThrow('timed out')
    fail(new DOMException('Connection to Indexed Database server lost', 'UnknownError'))
    await new Promise((r) => setTimeout(r, 10))
    expect(opens).toBe(1)
  })

  it('keeps working in memory when localStorage throws too', async () => {
    brokenIndexedDB(() => undefined)
    vi.spyOn(localStorage, 'setItem').mockImplementation(() => {
      throw new DOMException('full', 'QuotaExceededError')
    })
    const mp = await start()
    await mp.complete('invite')
    expect(mp.getState().persistence).toBe('memory')
    expect(done(mp, 'invite')).toBe(true)
  })

  it('sets corrupt values aside, reports them once and loads the rest', async () => {
    const store = progressStore()
    await set('acme-onboarding|u1|step:invite', '{not json', store)
    await set('acme-onboarding|u1|step:connect', { ...emptyProgress('u1'), steps: { connect: { done: T0 } } }, store)
    const errors: Array<{ kind: string; message: string }> = []
    const mp = await start()
    expect(done(mp, 'connect')).toBe(true)
    expect(done(mp, 'invite')).toBe(false)
    expect([...(await saved()).values()]).toContain('{not json') // kept as it was, aside: nothing is deleted
    expect(warnings.filter((w) => w.includes('set aside'))).toHaveLength(1)
    mp.on('error', (e) => errors.push(e))
    mp.destroy()
    await start()
    expect(warnings.filter((w) => w.includes('set aside'))).toHaveLength(1) // gone after the first load
  })

  it('ignores entries from before a reset when loading', async () => {
    const store = progressStore()
    await set('acme-onboarding|u1|step:invite', { ...emptyProgress('u1', 0), steps: { invite: { done: T0 } } }, store)
    await set('acme-onboarding|u1|epoch', emptyProgress('u1', 1), store)
    const mp = await start()
    expect(done(mp, 'invite')).toBe(false)
  })

  it('with storage "memory" writes nothing to IndexedDB or localStorage', async () => {
    const mp = await start({ storage: 'memory' })
    await mp.complete('invite')
    expect(mp.getState().persistence).toBe('memory')
    expect((await saved()).size).toBe(0)
    expect(Object.keys(localStorage)).toEqual([])
  })

  it('moves to the next backend only once when two operations fail together', async () => {
    const failing: KeyStore = { kind: 'indexeddb', read: async () => Promise.reject(new Error('x')), update: async () => Promise.reject(new Error('x')) }
    const switched: string[] = []
    const store = fallbackStore([['indexeddb', () => failing], ['local', () => memoryStore()], ['memory', () => memoryStore()]], (k) => switched.push(k))
    await Promise.all([store.read('a'), store.update(['a'], () => 1)])
    expect(switched).toEqual(['local'])
    expect(store.kind).toBe('local')
  })
})

describe('sessions', () => {
  /** How many sessions the saved progress counts. */
  const sessions = async () => Math.max(0, ...[...(await saved()).values()].map((v) => Object.keys((v as { sessions?: object })?.sessions ?? {}).length))

  it('continue across a reload within 30 minutes and start anew after 30 minutes idle', async () => {
    const first = await start()
    await first.flush()
    expect(await sessions()).toBe(1)
    first.destroy()
    clock.now += 10 * 60_000
    const second = await start()
    await second.flush()
    expect(await sessions()).toBe(1)
    clock.now += 31 * 60_000
    await second.track('anything')
    await second.flush()
    expect(await sessions()).toBe(2)
    second.destroy()
    clock.now += 31 * 60_000
    await (await start()).flush()
    expect(await sessions()).toBe(3)
  })

  it('two tabs opened together (a browser restoring them) count one session', async () => {
    const tabs = await Promise.all([start(), start()])
    await Promise.all(tabs.map((t) => t.flush()))
    expect(await sessions()).toBe(1)
  })
})
