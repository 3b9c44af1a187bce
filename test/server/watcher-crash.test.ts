// A watcher killed with SIGKILL in the middle of a tick (a child process, between transactions or
// inside one), then a new one: every due level is recorded and queued exactly once.
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPgliteStore, createPostgresStore, createWatcher } from '../../src/server'
import type { SyncStore } from '../../src/server'
import { T0, aJourney, aMilestone, aNudge, dayAt, traits } from '../builders'
import { journeyId } from './fixtures'

const USERS = 200
const dir = resolve('.tmp/watch-crash')
const journeyOf = (id: string) => aJourney({
  id,
  milestones: [aMilestone({ id: 'm1', due: { day: 7 } })],
  nudges: [aNudge({ id: 'late', when: { missed: { milestone: 'm1' } }, escalate: [{ afterDays: 1, notify: 'csm' }] })],
})

// The child runs the built-from-source server (bundled here with rolldown, which vite brings).
beforeAll(async () => {
  mkdirSync(dir, { recursive: true })
  const { build } = await import('rolldown')
  await build({
    input: 'src/server/index.ts', platform: 'node', external: ['pg', '@electric-sql/pglite'],
    output: { file: join(dir, 'server.mjs'), format: 'esm' }, logLevel: 'silent',
  })
  writeFileSync(join(dir, 'child.mjs'), `
import { createPgliteStore, createPostgresStore, createWatcher } from './server.mjs'
const [kind, target, journey, now] = process.argv.slice(2)
const store = kind === 'postgres' ? createPostgresStore({ connectionString: target }) : createPgliteStore({ dataDir: target })
const watcher = createWatcher({ store, journeys: [JSON.parse(journey)], now: () => Number(now), batchSize: 10,
  onEscalation: () => void process.stdout.write('n\\n') })
await watcher.tick()
process.stdout.write('done\\n')
await store.close()
`)
}, 60_000)

/** Runs the child until it has handed over `after` notices, then SIGKILLs it; resolves with what it printed. */
const killMidTick = (args: string[], after: number) => new Promise<string>((done, fail) => {
  const child = spawn(process.execPath, [join(dir, 'child.mjs'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  child.stdout.on('data', (c: Buffer) => {
    out += c
    if (out.split('\n').filter((l) => l === 'n').length >= after) child.kill('SIGKILL')
  })
  child.stderr.on('data', (c: Buffer) => (err += c))
  child.on('exit', (code, signal) => (signal === 'SIGKILL' ? done(out) : fail(new Error(`child ended ${code}: ${err}`))))
})

const CASES = [
  { name: 'pglite', target: () => mkdtempSync(join(tmpdir(), 'milepost-crash-')), open: (t: string) => createPgliteStore({ dataDir: t }) },
  ...(process.env.DATABASE_URL
    ? [{ name: 'postgres', target: () => process.env.DATABASE_URL!, open: (t: string) => createPostgresStore({ connectionString: t }) }]
    : []),
]

describe.each(CASES)('a watcher killed mid-tick on $name', ({ name, target: makeTarget, open }) => {
  const target = makeTarget()
  const j = journeyId(`crash-${name}`)
  const journey = journeyOf(j)
  afterAll(() => {
    if (name === 'pglite') rmSync(target, { recursive: true, force: true })
  })

  it(`then restarted: lost 0, duplicates 0 of ${USERS} due levels`, async () => {
    let store: SyncStore = open(target)
    for (let u = 0; u < USERS; u++) {
      await store.ingest({ journeyId: j, userId: `u${u}`, journey, traits: traits(), now: T0, events: [{ id: `s${u}`, type: 'session', sessionId: `s${u}`, at: T0 }] })
    }
    await store.close()

    const printed = await killMidTick([name, target, JSON.stringify(journey), String(dayAt(8))], 25)
    const toldBefore = printed.split('\n').filter((l) => l === 'n').length
    expect(printed).not.toContain('done')

    store = open(target)
    const told: string[] = []
    const again = await createWatcher({ store, journeys: [journey], now: () => dayAt(8), onEscalation: (n) => void told.push(n.userId) }).tick()
    const [events] = await store.query!<{ n: number; users: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT user_id)::int AS users FROM milepost_events WHERE journey_id = $1 AND type = 'escalation'`, [j])
    const [outbox] = await store.query!<{ n: number; users: number }>(
      'SELECT count(*)::int AS n, count(DISTINCT user_id)::int AS users FROM milepost_escalations WHERE journey_id = $1', [j])
    const recorded = (await Promise.all(Array.from({ length: USERS }, (_, u) => store.getProgress(j, `u${u}`))))
      .filter((p) => Object.keys(p?.escalations ?? {}).length === 1).length
    const lost = USERS - outbox!.users
    const duplicates = outbox!.n - outbox!.users
    console.log(`${name}: killed after ${toldBefore} notices; restart recorded ${again.escalations}; lost ${lost}, duplicates ${duplicates}`)
    expect({ lost, duplicates, events: events!.n, eventUsers: events!.users, recorded }).toEqual({ lost: 0, duplicates: 0, events: USERS, eventUsers: USERS, recorded: USERS })
    expect(toldBefore + told.length).toBeGreaterThanOrEqual(USERS - 10) // at most one transaction's callbacks lost to the kill
    expect(new Set(told).size).toBe(told.length)
    expect(await createWatcher({ store, journeys: [journey], now: () => dayAt(9) }).tick()).toMatchObject({ escalations: 0 })
    await store.close()
  }, 120_000)
})
