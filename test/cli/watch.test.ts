// `milepost watch --once` against PostgreSQL (when DATABASE_URL is set): the same watch as the server's.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { watchCommand } from '../../src/cli/watch'
import { createPostgresStore } from '../../src/server'
import { T0, aJourney, aMilestone, aNudge, traits } from '../builders'
import { journeyId } from '../server/fixtures'

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
