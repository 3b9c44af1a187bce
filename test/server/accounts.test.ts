// The accounts worklist on the hand-worked fixture (dashboard-fixture.ts), its users put in accounts
// as the accounts contract stores them (milepost_users.account_id, milepost_accounts), on PGlite and
// on PostgreSQL when DATABASE_URL is set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { emptyProgress } from '../../src/core'
import { createDashboardHandler, createSyncHandler } from '../../src/server'
import type { SyncStore } from '../../src/server'
import { dayAt } from '../builders'
import { NOW, fixtureJourney, seedAccounts, seedFixture } from './dashboard-fixture'
import { STORES, journeyId } from './fixtures'

const H = 3_600_000
const DAY = 24 * H

describe.each(STORES.filter((s) => s.name !== 'memory'))('the accounts worklist on the $name store', ({ name, make }) => {
  let store: SyncStore
  const journey = fixtureJourney(journeyId(`accounts-${name}`))
  const handlerAt = (now: number, accountValueTrait?: string) => createDashboardHandler({
    store, journeys: [journey], now: () => now, authorize: () => ({ userId: 'cs', role: 'admin' }),
    ...(accountValueTrait ? { accountValueTrait } : {}),
  })
  const get = async (now: number, query = '', trait?: string) => {
    const response = await handlerAt(now, trait)(new Request(`http://127.0.0.1/dashboard/api/accounts?journey=${journey.id}${query}`))
    return { status: response.status, body: query.includes('format=csv') ? await response.text() : await response.json() }
  }
  const api = async (query = '', now = NOW) => {
    const { status, body } = await get(now, query)
    expect(status).toBe(200)
    return body
  }
  let early: any

  beforeAll(async () => {
    store = make()
    await seedFixture(store, journey)
    await seedAccounts(store, journey) // ACCOUNTS: acme, globex, hooli, initech
    const q = store.query!
    // The fixture's events arrived two days ago; u3's escalations stay stored at NOW (within the last 24 hours).
    await q('UPDATE milepost_events SET received_at = $2 WHERE journey_id = $1', [journey.id, NOW - 2 * DAY])
    early = await api('', dayAt(8) + 12 * H)
    // Two hours ago u6 connected a source: c2 done, so connect is done for u6.
    const sync = createSyncHandler({ store, authorize: () => ({ userId: 'u6', role: 'admin' }), journeys: () => journey, now: () => NOW })
    const response = await sync(new Request('http://127.0.0.1/api/milepost/sync', {
      method: 'POST', headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ protocol: 1, batchId: 'u6-b2', userId: 'u6', journeyId: journey.id,
        events: [{ id: 'u6-late', type: 'track', name: 'source.connected', at: NOW - 2 * H }] }),
    }))
    expect(response.status).toBe(200)
    // An hour ago a member of globex did an account-scope step: it is kept in the account's own document
    // (milepost_account_events / _progress, as 17c's server keeps them), s1 by hand.
    const doc = { ...emptyProgress('globex'), firstSeen: NOW - H, lastSeen: NOW - H, steps: { s1: { done: NOW - H } } }
    await q('INSERT INTO milepost_account_progress (journey_id, account_id, doc, updated_at) VALUES ($1, $2, $3::jsonb, $4)',
      [journey.id, 'globex', JSON.stringify(doc), NOW - H])
    await q(`INSERT INTO milepost_account_events (journey_id, account_id, event_id, type, at, received_at, body)
      VALUES ($1, 'globex', 'g-1', 'complete', $2, $2, $3::jsonb)`, [journey.id, NOW - H, JSON.stringify({ id: 'g-1', type: 'complete', stepId: 's1', at: NOW - H })])
  }, 60_000)
  afterAll(() => store.close())

  it('ranks accounts with an amber or red member by value × days late; amber after red; none without risk', async () => {
    const { valueTrait, total, rows } = await api()
    expect(valueTrait).toBe('value')
    expect(total).toBe(3)
    expect(rows.map((r: any) => [r.accountId, r.name, r.value, r.colour, r.daysLate, r.score, r.members])).toEqual([
      ['acme', 'Acme', 20000, 'red', 6, 120000, 2],
      ['globex', 'Globex', 1000, 'red', 6, 6000, 2],
      ['hooli', 'Hooli', 500000, 'amber', 0, 0, 1],
    ])
  })

  it('names the milestone that caused it, with its reason, the members it holds and the escalation level', async () => {
    const { rows } = await api()
    const [acme, globex, hooli] = rows
    expect(acme.cause).toMatchObject({ id: 'connect', status: 'overdue', reason: '6 days overdue', blocks: ['report', 'share'], members: 1, level: 2 })
    expect(acme.level).toBe(2)
    // u6 has connected since: only u5 is still late on it.
    expect(globex.cause).toMatchObject({ id: 'connect', reason: '6 days overdue', members: 1, level: 0 })
    expect(hooli.cause).toMatchObject({ id: 'share', colour: 'amber', reason: 'At risk: not started, due tomorrow' })
  })

  it('says what changed in the last 24 hours: events, steps and milestones done, escalations', async () => {
    const { rows } = await api()
    const [acme, globex, hooli] = rows
    expect(globex.changes).toEqual({
      events: 2, activeMembers: 1, stepsDone: [
        { stepId: 's1', title: 'Invite a teammate', by: 'globex', at: NOW - H }, { stepId: 'c2', title: 'Add a source', by: 'u6', at: NOW - 2 * H },
      ],
      milestonesDone: ['connect'], turnedRed: [], turnedAmber: [], escalations: [],
    })
    expect(acme.changes.events).toBe(0)
    expect(acme.changes.escalations).toEqual([
      { milestone: 'report', level: 2, notify: 'leadership', by: 'u3', at: NOW },
      { milestone: 'report', level: 1, notify: 'csm', by: 'u3', at: NOW },
    ].map((e) => expect.objectContaining(e)))
    expect(hooli.changes).toMatchObject({ events: 0, stepsDone: [], milestonesDone: [] })
    // A day earlier (day 8 + 12 h), u6's connect had turned red 12 hours before, and share with it: a
    // starter has no report, so share waits for what report waits for, connect (blocked once it is overdue).
    expect(early.rows.find((r: any) => r.accountId === 'globex').changes.turnedRed).toEqual(['connect', 'share'])
    expect(early.rows.find((r: any) => r.accountId === 'acme').changes.turnedRed).toEqual([])
  })

  it('lists the members, red first, with their last activity and their own open step', async () => {
    const { rows } = await api()
    expect(rows[0].memberList).toEqual([
      { userId: 'u3', colour: 'red', lastSeen: dayAt(3), openStep: 'c2', openStepTitle: 'Add a source', level: 2 }, // its escalations (day 5, 7) are not its activity
      { userId: 'u1', colour: null, lastSeen: dayAt(8), openStep: null, openStepTitle: null, level: 0 },
    ])
    expect(rows[1].memberList.map((m: any) => [m.userId, m.colour, m.openStep])).toEqual([['u5', 'red', 'c1'], ['u6', null, 's1']])
  })

  it.each([
    ['&colour=amber', ['hooli']],
    ['&colour=red', ['acme', 'globex']],
    ['&min=account.value:5000', ['acme', 'hooli']],
    ['&segment=account.plan:starter', ['globex']],
    // Member traits: only u3 of the members at risk has an accountValue trait of at most 1,000.
    ['&max=accountValue:1000', ['acme']],
    // u6, the only starter member at risk this morning, connected since: nobody.
    ['&segment=plan:starter', []],
    ['&limit=1&offset=1', ['globex']],
    ['&limit=0', []],
    // Past its most: the most.
    ['&limit=100000', ['acme', 'globex', 'hooli']],
  ])('filtered: %s', async (query, expected) => {
    const { rows } = await api(query)
    expect(rows.map((r: any) => r.accountId)).toEqual(expected)
  })

  // A script paging with a typo had got the first page again and again: `limit=abc` was the default.
  it.each([
    ['&limit=abc', 'limit: expected a whole number (0 or more), got "abc"'],
    ['&offset=-3', 'offset: expected a whole number (0 or more), got "-3"'],
    ['&offset=1.5&format=csv', 'offset: expected a whole number (0 or more), got "1.5"'],
    ['&limit=', 'limit: expected a whole number (0 or more), got ""'],
  ])('refuses %s with 400 naming the option', async (query, error) => {
    const response = await handlerAt(NOW)(new Request(`http://127.0.0.1/dashboard/api/accounts?journey=${journey.id}${query}`))
    expect([response.status, await response.json()]).toEqual([400, { error }])
  })

  it('ranks by another account trait when told (accountValueTrait); a trait that is not a number counts as no value', async () => {
    const { status, body } = await get(NOW, '', 'name')
    expect(status).toBe(200)
    expect(body.rows.map((r: any) => [r.accountId, r.value, r.score])).toEqual([['acme', null, 0], ['globex', null, 0], ['hooli', null, 0]])
  })

  it('answers a CSV with a line per account and refuses a bad colour with 400', async () => {
    const { body } = await get(NOW, '&format=csv')
    const lines = body.trim().split('\r\n')
    expect(lines).toHaveLength(4)
    expect(lines[1]).toMatch(/^"acme","Acme",20000,"red",6,120000,"connect"/)
    // bb-r31: who did a step, and whose escalation it was, as the page says (the account's own: its id; none for its own ladder).
    expect(lines[1]).toContain('"report:2:u3 report:1:u3"')
    expect(lines[2]).toContain('"s1:globex c2:u6"')
    expect((await get(NOW, '&colour=green')).status).toBe(400)
  })
})
