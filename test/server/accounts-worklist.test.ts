// The accounts worklist on scenarios synced through the handler and the watch, with a fake clock:
// the order of ties, member filters, what counts as activity "since yesterday", the level after a
// reset, and filters on trait names an object holds (`__proto__`), on PGlite and on PostgreSQL
// when DATABASE_URL is set (docs/dashboard.md, "Morning worklist").
import { describe, expect, it } from 'vitest'
import type { Journey } from '../../src/core/types'
import { createDashboardHandler, createSyncHandler, createWatcher } from '../../src/server'
import type { SyncStore } from '../../src/server'
import { parseFilter } from '../../src/server/figures/segment'
import { T0, dayAt } from '../builders'
import type { LooseEvent } from '../builders'
import { STORES, journeyId, openStore } from './fixtures'

const H = 3_600_000

const journeyOf = (id: string): Journey => ({
  version: 1, id, title: 'Worklist scenarios', start: { trait: 'signedUpAt' },
  milestones: [
    { id: 'connect', title: 'Connect your data', due: { day: 3 }, steps: [
      { id: 'source', title: 'Connect a source', completeWhen: { event: 'source.connected' } },
    ] },
  ],
  nudges: [
    { id: 'connect-late', when: { missed: { milestone: 'connect' } }, card: { title: 'Connect your data' },
      escalate: [{ afterDays: 1, notify: 'csm' }, { afterDays: 3, notify: 'leadership' }] },
  ],
})

/** A CSV line's cells by column name (the cells here hold no commas). */
const csvRows = (text: string) => {
  const [head, ...lines] = text.trim().split('\r\n').map((l) => l.split(','))
  return lines.map((cells) => Object.fromEntries(head!.map((h, i) => [JSON.parse(h), cells[i]])))
}

describe('parseFilter', () => {
  it('keeps trait names an object holds (__proto__, constructor, toString) as names like any other', () => {
    const f = parseFilter(new URLSearchParams('segment=__proto__:x&segment=__proto__:y&segment=constructor:x&min=__proto__:1&max=toString:2'))
    expect(f).toEqual({
      equals: new Map([['__proto__', ['x', 'y']], ['constructor', ['x']]]), min: new Map([['__proto__', 1]]), max: new Map([['toString', 2]]),
    })
  })
})

describe.each(STORES.filter((s) => s.name !== 'memory'))('the accounts worklist, synced scenarios, on the $name store', ({ name, make }) => {
  let store: SyncStore
  let clock = T0
  let n = 0
  const journeys = new Map<string, Journey>()
  openStore(make, (s) => (store = s))

  /** A journey of its own per test, its sync handler, watch and dashboard, all on `clock`. */
  const setup = (label: string, edit: (j: Journey) => Journey = (j) => j) => {
    const journey = edit(journeyOf(journeyId(`worklist-${label}-${name}`)))
    journeys.set(journey.id, journey)
    const handler = createSyncHandler({ store, authorize: () => ({ userId: 'seed', role: 'admin' }), journeys: (id) => journeys.get(id), now: () => clock })
    const dashboard = createDashboardHandler({ store, journeys: [journey], authorize: () => ({ userId: 'cs', role: 'admin' }), now: () => clock })
    const watcher = createWatcher({ store, journeys: [journey], now: () => clock, log: () => {} })
    const sync = async (userId: string, events: LooseEvent[], traits: object, accountId: string, accountTraits: object) => {
      const response = await handler(new Request('http://127.0.0.1/api/milepost/sync', {
        method: 'POST', headers: { 'content-type': 'text/plain' },
        body: JSON.stringify({ protocol: 1, batchId: `b-${++n}`, userId, journeyId: journey.id, traits, accountId, accountTraits,
          events: events.map((e) => ({ id: `e-${++n}`, at: clock, ...e })) }),
      }))
      expect(response.status).toBe(200)
    }
    const get = async (figure: string, query = '') => {
      const response = await dashboard(new Request(`http://127.0.0.1/dashboard/api/${figure}?journey=${journey.id}${query}`))
      return { status: response.status, body: query.includes('format=csv') ? await response.text() : await response.json() }
    }
    const api = async (figure: string, query = '') => {
      const { status, body } = await get(figure, query)
      expect(status).toBe(200)
      return body
    }
    return { sync, get, api, watcher }
  }
  const signedUp = (day: number, plan = 'pro') => ({ signedUpAt: new Date(dayAt(day)).toISOString(), plan })
  const visit: LooseEvent[] = [{ type: 'session', sessionId: 's' }]

  it('orders accounts of one rank by the earlier due, then the id, in the JSON and the CSV', async () => {
    const { sync, api, get } = setup('ties')
    // Both connect late at day 6: z due on day 3 (3 days × 20,000), a on day 4 (2 days × 30,000).
    clock = T0 + H
    await sync('zed', visit, signedUp(0), 'acct-z', { value: 20000 })
    await sync('amy', visit, signedUp(1), 'acct-a', { value: 30000 })
    clock = dayAt(6)
    const { rows } = await api('accounts')
    expect(rows.map((r: any) => [r.accountId, r.daysLate, r.score])).toEqual([['acct-z', 3, 60000], ['acct-a', 2, 60000]])
    expect(csvRows((await get('accounts', '&format=csv')).body).map((r) => r.account)).toEqual(['"acct-z"', '"acct-a"'])
  })

  it('takes an account value beyond ±10^15 as no value: the worklist answers, never a 500', async () => {
    const { sync, get } = setup('huge')
    clock = T0 + H
    await sync('big', visit, signedUp(0), 'acct-huge', { value: 1e308 })
    await sync('neg', visit, signedUp(0), 'acct-neg', { value: -1e308 })
    clock = dayAt(6)
    const { status, body } = await get('accounts')
    expect(status).toBe(200)
    expect(body.rows.map((r: any) => [r.accountId, r.value, r.score])).toEqual([['acct-huge', null, 0], ['acct-neg', null, 0]])
    expect((await get('accounts', '&format=csv')).status).toBe(200)
  })

  it('counts, lists and names the same members under a member filter: the card, its cause and the CSV', async () => {
    const { sync, api, get } = setup('members')
    clock = T0 + H
    for (const [u, plan] of [['ann', 'pro'], ['bob', 'starter'], ['cat', 'starter']] as const) {
      await sync(u, visit, signedUp(0, plan), 'acct-1', { name: 'Northwind', value: 1000 })
    }
    clock = dayAt(5)
    const [all] = (await api('accounts')).rows
    expect([all.members, all.memberList.length, all.cause.members]).toEqual([3, 3, 3])
    const [pro] = (await api('accounts', '&segment=plan:pro')).rows
    expect([pro.members, pro.memberList.map((m: any) => m.userId), pro.cause.members]).toEqual([1, ['ann'], 1])
    const [line] = csvRows((await get('accounts', '&segment=plan:pro&format=csv')).body)
    expect([line!.members, line!['member ids'], line!['members at risk on it']]).toEqual(['1', '"ann"', '1'])
  })

  // bb-r31: the card headlined a profile milestone 11 days overdue that tells nobody, and put the one
  // that had told leadership under "Also:". The ladder's reach now comes before the days overdue.
  it('names first, among red milestones, the one whose ladder went furthest, then the most days overdue', async () => {
    const { sync, api, watcher } = setup('cause', (j) => ({ ...j, milestones: [
      { id: 'profile', title: 'Make it yours', due: { day: 1 }, steps: [{ id: 'avatar', title: 'Add a picture', completeWhen: { event: 'avatar.added' } }] },
      ...j.milestones,
    ] }))
    clock = T0 + H
    await sync('cy', visit, signedUp(0), 'acct-c', { value: 1000 })
    clock = dayAt(2) + H
    const early = (await api('accounts')).rows[0]
    // Day 2: profile is overdue (red), connect due tomorrow (amber): red first.
    expect(early.milestones.map((m: any) => [m.id, m.colour])).toEqual([['profile', 'red'], ['connect', 'amber']])
    clock = dayAt(7) + H
    expect((await watcher.tick()).escalations).toBe(2) // connect missed on day 3: csm (day 4) and leadership (day 6), in one notice
    const [card] = (await api('accounts')).rows
    expect(card.milestones.map((m: any) => [m.id, m.level, m.daysOverdue])).toEqual([['connect', 2, 4], ['profile', 0, 6]])
    expect(card.cause.id).toBe('connect')
  })

  it('counts the members\' own events since yesterday, not the watch\'s escalations (listed apart)', async () => {
    const { sync, api, get, watcher } = setup('activity')
    clock = T0 + H
    await sync('bob', visit, signedUp(0), 'acct-1', { value: 1000 })
    await sync('amy', visit, signedUp(0), 'acct-2', { value: 500 })
    // Neither comes back; the watch escalates both on day 4 (a day after the due), amy visits at day 4 + 11 h.
    clock = dayAt(4) + 10 * H
    expect((await watcher.tick()).escalations).toBe(2)
    clock = dayAt(4) + 11 * H
    await sync('amy', [{ type: 'session', sessionId: 's2' }], signedUp(0), 'acct-2', { value: 500 })
    clock = dayAt(4) + 12 * H
    const { rows } = await api('accounts')
    const [bob, amy] = ['acct-1', 'acct-2'].map((id) => rows.find((r: any) => r.accountId === id))
    expect(bob.changes).toMatchObject({ events: 0, activeMembers: 0, escalations: [expect.objectContaining({ milestone: 'connect', level: 1, by: 'bob' })] })
    expect(amy.changes).toMatchObject({ events: 1, activeMembers: 1, escalations: [expect.objectContaining({ level: 1 })] })
    const csv = csvRows((await get('accounts', '&format=csv')).body)
    expect(csv.map((r) => [r.account, r['events in 24 h']])).toEqual([['"acct-1"', '0'], ['"acct-2"', '1']])
  })

  it('shows the level of the current ladder after a reset, as the cause, the member and the at-risk list do', async () => {
    const { sync, api, watcher } = setup('reset')
    clock = T0 + H
    await sync('r1', visit, signedUp(0), 'acct-r', { value: 10 })
    clock = dayAt(7.5)
    expect((await watcher.tick()).escalations).toBe(2)
    expect((await api('accounts')).rows[0].level).toBe(2)
    clock = dayAt(7.6)
    await sync('r1', [{ type: 'reset', epoch: 1 }], signedUp(0), 'acct-r', { value: 10 })
    clock = dayAt(7.7)
    const [card] = (await api('accounts')).rows
    const [user] = (await api('at-risk')).rows
    expect([card.level, card.cause.level, card.memberList[0].level, user.level]).toEqual([0, 0, 0, 0])
    // The escalations stored before the reset are still what changed since yesterday.
    expect(card.changes.escalations.map((e: any) => e.level)).toEqual([2, 1])
  })

  it('answers a NUL in a filter, a sort or a trait name with 400 and the parameter, never a 500', async () => {
    const { get } = setup('nul')
    for (const [figure, query] of [['at-risk', '&segment=pl%00an:pro'], ['accounts', '&segment=account.pl%00an:x'], ['at-risk', '&sort=trait:pl%00an'], ['funnel', '&by=pl%00an']]) {
      const { status, body } = await get(figure!, query)
      expect([status, body.error]).toEqual([400, expect.stringContaining('a NUL character is not allowed')])
    }
  })

  it('filters on a trait named __proto__, constructor or toString as on any trait nobody has: an empty match, never a 500', async () => {
    const { sync, get } = setup('proto')
    clock = T0 + H
    await sync('u1', visit, signedUp(0), 'acct-1', { value: 1000 })
    clock = dayAt(5)
    expect((await get('at-risk')).body.total).toBe(1)
    for (const filter of ['min=__proto__:1', 'segment=__proto__:x', 'segment=constructor:x', 'segment=toString:x', 'max=constructor:1',
      'min=toString:1', 'segment=plan:pro&segment=__proto__:x', 'segment=account.__proto__:x', 'min=account.constructor:1']) {
      for (const figure of ['summary', 'funnel', 'milestones', 'nudges', 'at-risk', 'escalations', 'accounts', 'survey', 'outcomes']) {
        const { status, body } = await get(figure, `&${filter}`)
        expect([filter, figure, status]).toEqual([filter, figure, 200])
        if (figure === 'at-risk' || figure === 'accounts') expect([filter, figure, body.total]).toEqual([filter, figure, 0])
        if (figure === 'summary') expect([filter, body.users]).toEqual([filter, 0])
      }
    }
  })
})
