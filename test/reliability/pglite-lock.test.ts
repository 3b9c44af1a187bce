// Finding 10c of issue 13: a second process opening the same PGlite folder is refused with a clear
// error, instead of both accepting writes into the same files. bb-r29 (Next.js 16): the folder is
// taken at the first query, not when the store is made (Next's build worker loaded the route module,
// created the store, held the folder, and the dev server answered 500 to every sync after), and
// stores on one folder in one process share its PGlite (a module evaluated twice).
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import type { ProgressEvent } from '../../src/core'
import { createPgliteStore } from '../../src/server'
import { aTable } from './table'

const table = aTable('Reliability: PGlite data folder lock')
const dir = mkdtempSync(join(tmpdir(), 'milepost-lock-'))
const lock = join(dir, '.milepost.lock')
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** A child process that stays alive until killed, and its pid. */
const aLiveProcess = () => spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' })
const T0 = Date.UTC(2026, 0, 5, 9)
const track = (id: string): ProgressEvent => ({ id, type: 'track', name: 'report.created', at: T0 })

describe('the PGlite store on a data folder', () => {
  it('takes the folder at its first query: a store that never queries holds nothing', async () => {
    const idle = createPgliteStore({ dataDir: dir })
    expect(existsSync(lock)).toBe(false)
    const other = createPgliteStore({ dataDir: dir })
    await other.ingest({ journeyId: 'j', userId: 'u', events: [track('a')], now: T0 })
    expect(existsSync(lock)).toBe(true)
    await other.close()
    await idle.close() // closing a store that never opened lets nothing go
    expect(existsSync(lock)).toBe(false)
    table.add({ case: '10c store made, never queried (a build worker)', expected: 'no lock taken', observed: 'no lock', lost: 0, fivexx: 0 })
  }, 60_000)

  it('shares one PGlite between stores on the same folder in this process, closed with the last', async () => {
    const first = createPgliteStore({ dataDir: dir })
    const second = createPgliteStore({ dataDir: dir })
    await first.ingest({ journeyId: 'j', userId: 'u', events: [track('b')], now: T0 })
    await second.ingest({ journeyId: 'j', userId: 'u', events: [track('c')], now: T0 })
    expect((await first.getProgress('j', 'u'))!.tracks['report.created']).toHaveLength(3)
    await first.close()
    // The second goes on after the first closed.
    expect((await second.getProgress('j', 'u'))!.tracks['report.created']).toHaveLength(3)
    expect(existsSync(lock)).toBe(true)
    await second.close()
    expect(existsSync(lock)).toBe(false)
    // Opened again after both closed, with what they wrote.
    const again = createPgliteStore({ dataDir: dir })
    expect((await again.getProgress('j', 'u'))!.tracks['report.created']).toHaveLength(3)
    await again.close()
    table.add({ case: '10c second store, same process', expected: 'shares the folder; nothing lost', observed: 'shared; 3 of 3 events', lost: 0, fivexx: 0 })
  }, 60_000)

  it('shares it with a store of the module evaluated again (a dev server reloading the route)', async () => {
    const first = createPgliteStore({ dataDir: dir })
    await first.ingest({ journeyId: 'j', userId: 'u', events: [track('d')], now: T0 })
    vi.resetModules()
    const again = (await import('../../src/server/pglite-store')).createPgliteStore({ dataDir: join(dir, '.') })
    await again.ingest({ journeyId: 'j', userId: 'u', events: [track('e')], now: T0 })
    expect((await first.getProgress('j', 'u'))!.tracks['report.created']).toHaveLength(5)
    await again.close()
    await first.close()
    expect(existsSync(lock)).toBe(false)
    table.add({ case: '10c module evaluated twice, one process', expected: 'shares the folder', observed: 'shared; 5 of 5 events', lost: 0, fivexx: 0 })
  }, 60_000)

  it('refuses each query while another live process holds the folder, and opens once it is gone', async () => {
    const other = aLiveProcess()
    writeFileSync(lock, String(other.pid))
    const store = createPgliteStore({ dataDir: dir })
    try {
      await expect(store.getProgress('j', 'u')).rejects.toThrow(`already open in process ${other.pid}`)
      await expect(store.getProgress('j', 'u')).rejects.toThrow(/one process at a time/)
      table.add({ case: '10c folder held by another live process', expected: 'each query refused, naming its pid', observed: 'refused', lost: 0, fivexx: 0 })
    } finally {
      await new Promise((r) => (other.on('exit', r), other.kill('SIGKILL')))
    }
    // Its lock is stale now (a process killed without releasing it): the next query takes it over.
    expect((await store.getProgress('j', 'u'))!.tracks['report.created']).toHaveLength(5)
    await store.close()
    expect(existsSync(lock)).toBe(false)
    table.add({ case: '10c stale lock of a killed process', expected: 'taken over', observed: 'taken over', lost: 0, fivexx: 0 })
  }, 60_000)
})
