// A journey file changes under users who never come back: each subject's next look was computed with
// the old file, so a watcher started with the new one makes every user and account of that journey
// due once (watchJourney), and on SQL stores that look also makes their dashboard figures again with
// the new file (they were left out until a sync that never comes).
import { describe, expect, it } from 'vitest'
import type { Journey, ProgressEvent } from '../../src/core/types'
import { createDashboardHandler, createSyncHandler, createWatcher } from '../../src/server'
import type { JourneyLookup, Notice, SyncStore, WatcherOptions } from '../../src/server'
import { T0, aJourney, aMilestone, aNudge, dayAt, traits } from '../builders'
import { STORES, authorize, batch, journeyId, memberAuthorize, syncRequest, openStore } from './fixtures'

const ladder = [{ afterDays: 1, notify: 'in-app' }, { afterDays: 3, notify: 'csm' }]
const before = (id: string): Journey => aJourney({
  id,
  milestones: [aMilestone({ id: 'm1', due: { day: 7 } })],
  nudges: [aNudge({ id: 'late', when: { missed: { milestone: 'm1' } }, escalate: ladder })],
})
/** The same file with one more nudge: on day 26, tell the CSM. */
const after = (id: string): Journey => {
  const j = before(id)
  return { ...j, nudges: [...j.nudges!, aNudge({ id: 'day26', when: { day: { day: 26 } }, escalate: [{ afterDays: 0, notify: 'csm' }] })] }
}
const session = (id: string, at = T0): ProgressEvent => ({ id, type: 'session', sessionId: id, at })
const USERS = ['u1', 'u2', 'u3']

describe.each(STORES)('a changed journey file on the $name store', ({ name, make }) => {
  let store: SyncStore
  openStore(make, (s) => (store = s))

  /** Users who sync once on day 0 (u3 as a member of account acme) and never again; the old file's watch runs its ladder out. */
  const gone = async (label: string) => {
    const j = journeyId(`${label}-${name}`)
    let clock = T0
    const handler = createSyncHandler({ store, authorize: memberAuthorize, journeys: (id) => (id === j ? before(j) : undefined), now: () => clock })
    for (const u of USERS) {
      const as = u === 'u3' ? `${u}@acme` : u
      const response = await handler(syncRequest({ ...batch(u, j, [session(`${j}-${u}`)]), traits: traits(), ...(u === 'u3' ? { accountId: 'acme' } : {}) }, as))
      expect(response.status).toBe(200)
    }
    const old = createWatcher({ store, journeys: [before(j)], now: () => clock, log: () => {} })
    for (const day of [1, 3, 8, 10, 12, 20]) {
      clock = dayAt(day)
      await old.tick()
    }
    return { j, at: (t: number) => (clock = t), now: () => clock }
  }

  /** A watcher on `journeys` at the test's clock, with what it told and logged. */
  const watching = (now: () => number, journeys: JourneyLookup, more: Partial<WatcherOptions> = {}) => {
    const told: Notice[] = []
    const logged: string[] = []
    const w = createWatcher({ store, journeys, now, onEscalation: (n) => void told.push(n), log: (m) => void logged.push(m), ...more })
    /** A tick at each day given. */
    const ticks = async (at: (t: number) => unknown, days: number[]) => {
      for (const day of days) at(dayAt(day)), await w.tick()
    }
    /** The users the new file's day-26 nudge was told for, on journey `j`. */
    const day26 = (j: string) => told.filter((n) => n.journeyId === j && n.event.type === 'escalation' && n.event.nudgeId === 'day26').map((n) => n.userId).sort()
    return { w, told, logged, ticks, day26 }
  }

  it.each(['a list', 'a lookup'])('a watcher started with a new file given as %s applies its new nudge to users who never come back', async (how) => {
    const { j, at, now } = await gone(`new-nudge-${how === 'a list' ? 'list' : 'lookup'}`)
    const told: Notice[] = []
    const journeys = how === 'a list' ? [after(j)] : (id: string) => (id === j ? after(j) : undefined)
    const w = createWatcher({ store, journeys, now, onEscalation: (n) => void told.push(n), log: () => {} })
    at(dayAt(25))
    const first = await w.tick()
    // Every subject of the journey was looked at once: the three users and the account.
    expect(first.checked).toBeGreaterThanOrEqual(USERS.length + 1)
    for (const day of [26.5, 27, 30]) {
      at(dayAt(day))
      await w.tick()
    }
    const day26 = told.filter((n) => n.journeyId === j && n.event.type === 'escalation' && n.event.nudgeId === 'day26')
    expect(day26.map((n) => n.userId).sort()).toEqual(USERS)
  })

  it('a running watcher whose lookup answers a new file applies it at its next tick, without a restart', async () => {
    // r27: a lookup's changed file made users due only at a watcher's start: until a restart the
    // new ladder never fired for users who never come back, and the figures kept the old dues.
    const { j, at, now } = await gone('lookup-changes')
    let file = before(j)
    let asked = 0
    const { w, ticks, day26 } = watching(now, (id) => (id === j ? (asked++, file) : undefined))
    await ticks(at, [21])
    at(dayAt(22))
    expect(await w.tick()).toEqual({ checked: 0, escalations: 0 }) // the same file: nobody due
    const quiet = asked
    await w.tick()
    expect(asked - quiet).toBe(1) // asked once per tick for this journey
    file = after(j) // deployed while the watcher runs
    at(dayAt(23))
    expect((await w.tick()).checked).toBeGreaterThanOrEqual(USERS.length + 1) // every subject looked at with it
    await ticks(at, [26.5, 27])
    expect(day26(j)).toEqual(USERS)
  })

  it('a lookup that did not know a journey and knows it later: its users are watched with it from then on', async () => {
    const { j, at, now } = await gone('lookup-learns')
    let knows = false
    const { logged, ticks, day26 } = watching(now, (id) => (knows && id === j ? after(j) : undefined))
    await ticks(at, [21])
    expect(logged).toContain(`watch: no journey "${j}"; its users are looked at again hourly`)
    knows = true
    await ticks(at, [22, 26.5, 27])
    expect(day26(j)).toEqual(USERS)
  })

  it('a lookup that throws keeps the file it gave before', async () => {
    const { j, at, now } = await gone('lookup-throws')
    let fail = false
    const { logged, ticks, day26 } = watching(now, (id) => {
      if (fail) throw new Error('the journeys table is away')
      return id === j ? after(j) : undefined
    })
    await ticks(at, [21])
    fail = true
    await ticks(at, [26.5, 27])
    expect(logged.filter((m) => m.startsWith(`createWatcher: the journeys lookup failed for "${j}"`))).toHaveLength(1)
    expect(day26(j)).toEqual(USERS)
  })

  it('a lookup that never answers keeps the file before, and neither the tick nor stop() waits for it (bb-r30)', async () => {
    const { j, at, now } = await gone('lookup-hangs')
    let hang = false
    const { w, logged, ticks, day26 } = watching(now, (id) => (hang ? new Promise<never>(() => {}) : id === j ? after(j) : undefined), { lookupTimeoutMs: 50 })
    await ticks(at, [21])
    hang = true
    await ticks(at, [26.5, 27])
    // Told once by the lookup (every server part's), however many ticks it fails.
    expect(logged.filter((m) => m.startsWith(`createWatcher: the journeys lookup failed for "${j}" (Error: no answer in 50 ms)`))).toHaveLength(1)
    expect(day26(j)).toEqual(USERS)
    w.start(60_000)
    await w.stop() // the tick start() began ends once its lookups time out
  })

  // bb-r31 (own changes, 2): a file of another id dropped the file before, unlike the lookup's other failures.
  it('a lookup that starts answering a file of another id keeps the file it gave before', async () => {
    const { j, at, now } = await gone('lookup-turns-other-id')
    let other = false
    const { logged, ticks, day26 } = watching(now, (id) => (id === j ? after(other ? 'another' : j) : undefined))
    await ticks(at, [21])
    other = true
    await ticks(at, [26.5, 27])
    expect(logged.filter((m) => m === `createWatcher: the journeys lookup answered "${j}" with a file of id "another": not used`)).toHaveLength(1)
    expect(day26(j)).toEqual(USERS)
  })

  it('a lookup that answers a file of another id is not used for it, and says so once', async () => {
    const { j, at, now } = await gone('lookup-other-id')
    const { told, logged, ticks } = watching(now, (id) => (id === j ? after('another') : undefined))
    await ticks(at, [21, 26.5, 27])
    expect(logged.filter((m) => m === `createWatcher: the journeys lookup answered "${j}" with a file of id "another": not used`)).toHaveLength(1)
    expect(told.filter((n) => n.journeyId === j)).toEqual([])
  })

  it('a watcher started again with the same file makes nobody due', async () => {
    const { j, at, now } = await gone('same-file')
    at(dayAt(21))
    expect((await createWatcher({ store, journeys: [after(j)], now, log: () => {} }).tick()).checked).toBeGreaterThanOrEqual(USERS.length)
    expect(await createWatcher({ store, journeys: [after(j)], now, log: () => {} }).tick()).toEqual({ checked: 0, escalations: 0 })
  })

  // The dashboard's figures live in the SQL stores only: these two exist for them (none is skipped).
  if (name !== 'memory') it('the look after a file change brings users who never sync again back to the dashboard with the new file\'s figures', async () => {
    const { j, at, now } = await gone('figures')
    at(dayAt(21))
    const dashboard = createDashboardHandler({ store, journeys: [after(j)], authorize, now })
    const get = async (figure: string) => {
      const response = await dashboard(new Request(`http://127.0.0.1/dashboard/api/${figure}`, { headers: { authorization: 'Bearer admin:cs' } }))
      expect(response.status).toBe(200)
      return response.json()
    }
    // The figures were made with the old file: nobody is counted with the new one.
    expect(await get('summary')).toMatchObject({ users: 0, withoutFigures: USERS.length })
    // Nothing new is due on day 21 (the old ladder is done, day 26 is to come): only the file changed.
    expect(await createWatcher({ store, journeys: [after(j)], now, log: () => {} }).tick()).toMatchObject({ escalations: 0 })
    expect(await get('summary')).toMatchObject({ users: USERS.length, withoutFigures: 0, atRisk: { users: USERS.length, redUsers: USERS.length } })
    const risk = await get('at-risk?limit=50')
    expect(risk.total).toBe(USERS.length)
    expect(risk.rows.map((r: { userId: string }) => r.userId).sort()).toEqual(USERS)
  })

  if (name !== 'memory') it('a new file with the same ids (a later due day) makes the figures again on that first look', async () => {
    const { j, at, now } = await gone('due-moved')
    at(dayAt(21))
    const later = before(j)
    later.milestones[0]!.due = { day: 9 }
    const due = async () => (await store.query!<{ open_due: string }>('SELECT open_due FROM milepost_users WHERE journey_id = $1 ORDER BY user_id', [j])).map((r) => Number(r.open_due))
    expect(await due()).toEqual(USERS.map(() => dayAt(7)))
    expect(await createWatcher({ store, journeys: [later], now, log: () => {} }).tick()).toMatchObject({ escalations: 0 })
    expect(await due()).toEqual(USERS.map(() => dayAt(9)))
  })
})
