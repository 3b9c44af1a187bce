// A list's CSV read page by page (bb-r32 scale run): built in one go, 25,000 notices held a sync
// endpoint in the same process 0.3–0.6 s, and the escalation log's file stopped at 100,000 lines
// without saying so. Now every line comes, a page (CSV_PAGE rows) at a time as the download is read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createDashboardHandler, createPgliteStore, toNodeListener } from '../../src/server'
import { CSV_PAGE } from '../../src/server/dashboard'
import { NOW, fixtureJourney } from './dashboard-fixture'
import { authorize } from './fixtures'

const N = 2 * CSV_PAGE + 500
const journey = fixtureJourney('csv-pages')
/** Notices alike in every column but their event id (the same user, rule and time). */
const twins = fixtureJourney('csv-twins')

describe('the escalation log as CSV, page by page', () => {
  const store = createPgliteStore()
  const logged: string[] = []
  const handler = createDashboardHandler({ store, journeys: [journey, twins], authorize, now: () => NOW, log: (m) => void logged.push(m), script: async () => '' })
  const get = (query: string) => handler(new Request(`http://127.0.0.1/dashboard/api/escalations?kind=all&format=csv${query}`, { headers: { authorization: 'Bearer admin:cs' } }))
  /** A notice per user u00000…, user i made at NOW - N + i: the newest first is the last user. */
  const insert = (from: number, to: number, at: (i: string) => string, user = `'u' || lpad(i::text, 5, '0')`, journeyId = journey.id) => store.query!(`INSERT INTO milepost_escalations (journey_id, user_id, event_id, kind, body, created_at, next_at)
    SELECT $1, ${user}, 'e' || i, 'escalation', jsonb_build_object('event', jsonb_build_object('id', 'e' || i, 'type', 'escalation', 'nudgeId', 'n', 'milestoneId', 'connect', 'level', 1, 'notify', 'csm', 'at', ${at('i')})), ${at('i')}, ${at('i')}
    FROM generate_series($2::int, $3::int) AS i`, [journeyId, from, to])
  beforeAll(async () => {
    await store.getProgress('warm', 'up')
    await insert(0, N - 1, (i) => `(${NOW - N} + ${i})::bigint`)
  }, 60_000)
  afterAll(() => store.close())

  const users = (csv: string) => csv.trim().split('\r\n').slice(1).map((line) => line.split(',')[2]!.replaceAll('"', ''))

  it('holds every notice across pages, newest first, once each', async () => {
    const response = await get('')
    expect([response.status, response.headers.get('content-type'), response.headers.get('content-disposition')])
      .toEqual([200, 'text/csv; charset=utf-8', `attachment; filename="${journey.id}-escalations.csv"`])
    const got = users(await response.text())
    expect(got).toHaveLength(N)
    expect(new Set(got).size).toBe(N)
    expect([got[0], got[N - 1]]).toEqual([`u${String(N - 1).padStart(5, '0')}`, 'u00000'])
  })

  // A page's lines already given by the page before are left out: two notices alike but for their id
  // on either side of a page's end were one line. Each line now ends its own columns with the
  // notice's event id (the JSON's eventId), so twins are two lines and a sheet can tell them apart.
  it('names each notice by its event id, so notices alike in every other column are each a line, across pages', async () => {
    await insert(0, CSV_PAGE + 9, () => `${NOW - 1}::bigint`, `'twin'`, twins.id)
    const lines = (await (await get(`&journey=${twins.id}`)).text()).trim().split('\r\n')
    const at = lines[0]!.split(',').indexOf('"event"')
    expect(lines[0]!.split(',').slice(at - 1, at + 1)).toEqual(['"error"', '"event"']) // its own last column, before the traits
    const ids = lines.slice(1).map((line) => line.split(',')[at]!.replaceAll('"', ''))
    expect(ids).toHaveLength(CSV_PAGE + 10)
    expect(new Set(ids)).toEqual(new Set(Array.from({ length: CSV_PAGE + 10 }, (_, i) => 'e' + i)))
  })

  it('takes limit and offset as rows of the log, across pages', async () => {
    const got = users(await (await get(`&offset=10&limit=${CSV_PAGE + 5}`)).text())
    expect(got).toHaveLength(CSV_PAGE + 5)
    expect(got[0]).toBe(`u${String(N - 11).padStart(5, '0')}`)
    expect(users(await (await get('&limit=0')).text())).toEqual([])
  })

  it('reads a page only as the download is read; notices made meanwhile push none in twice', async () => {
    const reader = (await get('')).body!.getReader()
    const decoder = new TextDecoder()
    let text = decoder.decode((await reader.read()).value)
    // The first chunk is the header and the first page, not the whole file.
    expect(text.trim().split('\r\n')).toHaveLength(CSV_PAGE + 1)
    // 300 newer notices while the download waits: the newest-first log moves down by 300 lines.
    await insert(N, N + 299, (i) => `(${NOW} + ${i})::bigint`)
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += decoder.decode(chunk.value)
    const got = users(text)
    expect(new Set(got).size).toBe(got.length)
    expect(got.filter((u) => Number(u.slice(1)) < N)).toHaveLength(N)
    expect(logged).toEqual([])
  })

  // bb-r32 (own changes): on PGlite, which answers in the same thread, pages asked for back to back
  // held every sync request until the download ended.
  it('lets the process take other work between two pages', async () => {
    let turns = 0
    const timer = setInterval(() => turns++, 0)
    try {
      expect(users(await (await get('')).text()).length).toBeGreaterThanOrEqual(N)
    } finally {
      clearInterval(timer)
    }
    // Three pages at least: a turn of the event loop before each after the first.
    expect(turns).toBeGreaterThanOrEqual(2)
  })

  it('goes out through toNodeListener as it is read (a Node server)', async () => {
    const server = createServer(toNodeListener(handler))
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    try {
      const { port } = server.address() as AddressInfo
      const response = await fetch(`http://127.0.0.1:${port}/dashboard/api/escalations?kind=all&format=csv`, { headers: { authorization: 'Bearer admin:cs' } })
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8')
      const got = users(await response.text())
      expect(got.length).toBeGreaterThan(N)
      expect(new Set(got).size).toBe(got.length)
    } finally {
      await new Promise((r) => server.close(r))
    }
  })
})
