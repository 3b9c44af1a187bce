// `milepost watch --once` against PostgreSQL (when DATABASE_URL is set): the same watch as the server's.
import { spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { run } from '../../src/cli/run'
import { watchCommand } from '../../src/cli/watch'
import { createPostgresStore } from '../../src/server'
import { T0, aJourney, aMilestone, aNudge, traits } from '../builders'
import { journeyId } from '../server/fixtures'
import { buildCli } from './build'
import { memoryIo } from './helpers'

describe('milepost watch', () => {
  it('refuses a command line without journeys, and a journey file with errors', async () => {
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    expect(await watchCommand([])).toBe(2)
    const file = join(mkdtempSync(join(tmpdir(), 'mp-watch-')), 'bad.json')
    writeFileSync(file, '{"version": 1}')
    expect(await watchCommand([file, '--once', '--database-url', 'postgres://nowhere'])).toBe(2)
    expect(err.mock.calls.map((c) => String(c[0])).join('')).toContain('bad.json')
    err.mockRestore()
  })

  it('refuses one journey named twice, or two files of one journey id, naming the files (2)', async () => {
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    const dir = mkdtempSync(join(tmpdir(), 'mp-watch-'))
    const [a, b, c] = ['a.json', 'b.json', 'c.json'].map((f) => join(dir, f)) as [string, string, string]
    writeFileSync(a, JSON.stringify(aJourney({ id: 'welcome' })))
    writeFileSync(b, JSON.stringify(aJourney({ id: 'welcome', title: 'Welcome, edited' })))
    writeFileSync(c, JSON.stringify(aJourney({ id: 'other' })))
    const db = ['--once', '--database-url', 'postgres://a:b@127.0.0.1:1/none']
    expect(await watchCommand([a, b, ...db])).toBe(2)
    expect(await watchCommand([a, a, ...db])).toBe(2)
    expect(await watchCommand([a, c, ...db])).toBe(1) // past the journeys: the database is not there
    const said = err.mock.calls.map((c) => String(c[0])).join('')
    err.mockRestore()
    expect(said).toContain(`milepost watch: ${a} and ${b} both hold the journey "welcome": name one file per journey`)
    expect(said).toContain(`milepost watch: ${a} is named twice`)
  })

  it('says a webhook that is not http(s) is a wrong command line (2), and a database it cannot reach is not an internal error (1)', async () => {
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    const file = join(mkdtempSync(join(tmpdir(), 'mp-watch-')), 'journey.json')
    writeFileSync(file, JSON.stringify(aJourney()))
    expect(await watchCommand([file, '--once', '--webhook', 'ftp://example.com/x', '--database-url', 'postgres://a:b@127.0.0.1:1/none'])).toBe(2)
    expect(await watchCommand([file, '--once', '--database-url', 'postgres://a:b@127.0.0.1:1/none'])).toBe(1)
    const said = err.mock.calls.map((c) => String(c[0])).join('')
    err.mockRestore()
    expect(said).toContain('--webhook: expected an http(s) URL')
    expect(said).toMatch(/the database could not be used: .*ECONNREFUSED/)
    expect(said).not.toContain('internal error')
  })

  it('suggests the option or command meant, and has its help under `milepost help watch`', async () => {
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    expect(await watchCommand(['j.json', '--onse'])).toBe(2)
    expect(await watchCommand(['j.json', '--webhok', 'https://x.test/'])).toBe(2)
    const said = err.mock.calls.map((c) => String(c[0])).join('')
    err.mockRestore()
    expect(said).toContain('unknown option --onse (did you mean --once?)')
    expect(said).toContain('unknown option --webhok (did you mean --webhook?)')
    const typo = memoryIo()
    expect(run(['wach', 'j.json'], typo.io)).toBe(2)
    expect(typo.err()).toContain('unknown command "wach" (did you mean "watch"?)')
    const help = memoryIo()
    expect(run(['help', 'watch'], help.io)).toBe(0)
    expect(help.out()).toContain('Usage: milepost watch <journey.json>')
  })

  it('keeps running while the database is down, saying so at each look, until a signal stops it (0)', async () => {
    const built = await buildCli()
    const file = join(built.dir, 'journey.json')
    writeFileSync(file, JSON.stringify(aJourney()))
    const child = spawn(process.execPath, [built.cli, 'watch', file, '--every', '1', '--database-url', 'postgres://a:b@127.0.0.1:1/none'])
    let err = ''
    child.stderr.on('data', (d) => (err += d))
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)))
    // Three failed looks, a second apart; a process that ended meanwhile (it did, with 13) fails here.
    const looks = () => err.split('watch tick failed').length - 1
    const outcome = await Promise.race([
      exited.then((code) => `exited with ${code} after: ${err}`),
      (async () => {
        while (looks() < 3) await new Promise((r) => setTimeout(r, 50))
        return 'running'
      })(),
    ])
    expect(outcome).toBe('running')
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
    built.remove()
  }, 20_000)

  it.runIf(process.env.DATABASE_URL)('escalates a user who is due, once, on the documented tables', async () => {
    const id = journeyId('cli-watch')
    const journey = aJourney({
      id, milestones: [aMilestone({ id: 'm1', due: { day: 0 } })],
      nudges: [aNudge({ id: 'late', when: { missed: { milestone: 'm1' } }, escalate: [{ afterDays: 0, notify: 'csm' }] })],
    })
    const file = join(mkdtempSync(join(tmpdir(), 'mp-watch-')), 'journey.json')
    writeFileSync(file, JSON.stringify(journey))
    const store = createPostgresStore({ connectionString: process.env.DATABASE_URL! })
    await store.ingest({ journeyId: id, userId: 'u1', journey, traits: traits(), now: T0, events: [{ id: 's', type: 'session', sessionId: 's', at: T0 }] })
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    expect(await watchCommand([file, '--once'])).toBe(0)
    expect(await watchCommand([file, '--once'])).toBe(0)
    const lines = out.mock.calls.map((c) => String(c[0])).filter((l) => l.includes(id))
    out.mockRestore()
    err.mockRestore()
    expect(lines).toHaveLength(1)
    expect(JSON.parse(lines[0]!)).toMatchObject({ kind: 'escalation', userId: 'u1', journeyId: id, event: { level: 1, notify: 'csm' } })
    await store.close()
  })
})
