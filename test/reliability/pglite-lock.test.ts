// Finding 10c of issue 13: a second process (or store) opening the same PGlite folder is refused
// with a clear error, instead of both accepting writes into the same files.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createPgliteStore } from '../../src/server'
import { aTable } from './table'

const table = aTable('Reliability: PGlite data folder lock')
const dir = mkdtempSync(join(tmpdir(), 'milepost-lock-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** A child process that stays alive until killed, and its pid. */
const aLiveProcess = () => spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' })

describe('the PGlite store on a data folder', () => {
  it('refuses a second store on the same folder in this process, and allows it once the first is closed', async () => {
    const first = createPgliteStore({ dataDir: dir })
    await first.getProgress('j', 'u')
    expect(() => createPgliteStore({ dataDir: dir })).toThrow(/already open in this process.*one process at a time/)
    await first.close()
    const again = createPgliteStore({ dataDir: dir })
    await again.getProgress('j', 'u')
    await again.close()
    table.add({ case: '10c second store, same process', expected: 'refused with a clear error; allowed after close()', observed: 'refused; allowed after close()', lost: 0, fivexx: 0 })
  }, 60_000)

  it('refuses the folder while another live process holds it', async () => {
    const other = aLiveProcess()
    try {
      writeFileSync(join(dir, '.milepost.lock'), String(other.pid))
      expect(() => createPgliteStore({ dataDir: dir })).toThrow(`already open in process ${other.pid}`)
      table.add({ case: '10c folder held by another live process', expected: 'refused, naming its pid', observed: 'refused', lost: 0, fivexx: 0 })
    } finally {
      other.kill()
      rmSync(join(dir, '.milepost.lock'), { force: true })
    }
  })

  it('takes over the lock of a process that died without releasing it (SIGKILL)', async () => {
    const dead = aLiveProcess()
    await new Promise((r) => (dead.on('exit', r), dead.kill('SIGKILL')))
    writeFileSync(join(dir, '.milepost.lock'), String(dead.pid))
    const store = createPgliteStore({ dataDir: dir })
    await store.getProgress('j', 'u')
    await store.close()
    table.add({ case: '10c stale lock of a killed process', expected: 'taken over', observed: 'taken over', lost: 0, fivexx: 0 })
  }, 60_000)
})
