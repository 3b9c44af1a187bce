// The dashboard handler: admins only (401 without a caller, 403 for anyone else), the page under a
// strict CSP, JSON and CSV for each figure, and clear refusals of bad requests.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createDashboardHandler, createMemoryStore, createPgliteStore } from '../../src/server'
import type { SyncHandler, SyncStore } from '../../src/server'
import { NOW, fixtureJourney, seedAccounts, seedFixture } from './dashboard-fixture'
import { authorize } from './fixtures'

const FIGURES = ['journeys', 'summary', 'segments', 'funnel', 'milestones', 'nudges', 'at-risk', 'escalations', 'accounts', 'survey', 'outcomes']
const PATHS = ['/dashboard', '/dashboard/', '/dashboard/app.js', '/dashboard/app.css', ...FIGURES.map((f) => `/dashboard/api/${f}`)]

describe('dashboard handler', () => {
  let store: SyncStore
  let handler: SyncHandler
  const journey = fixtureJourney('figures')
  const log = vi.fn()
  beforeAll(async () => {
    store = createPgliteStore()
    await seedFixture(store, journey)
    await seedAccounts(store, journey)
    handler = createDashboardHandler({ store, journeys: [journey], authorize, now: () => NOW, log, script: async () => 'console.log("page")' })
  }, 60_000)
  afterAll(() => store.close())
  const get = (path: string, as?: string) => handler(new Request(`http://127.0.0.1${path}`, { headers: as ? { authorization: `Bearer ${as}` } : {} }))

  it.each(PATHS)('answers 401 to %s without a caller', async (path) => {
    expect((await get(path)).status).toBe(401)
  })

  it.each(PATHS)('answers 403 to %s for a user who is not an admin', async (path) => {
    const response = await get(path, 'u3')
    expect(response.status).toBe(403)
    if (path.includes('/api/')) expect(await response.json()).toEqual({ error: 'the dashboard is for admins' })
  })

  it.each(PATHS)('answers 200 to %s for an admin', async (path) => {
    expect((await get(path, 'admin:cs')).status).toBe(200)
  })

  it('serves the page under a strict CSP, with no inline script or style, loading its bundle and stylesheet', async () => {
    const response = await get('/dashboard', 'admin:cs')
    const html = await response.text()
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'; style-src 'self'")
    expect(response.headers.get('x-frame-options')).toBe('DENY')
    expect(html).toContain('<script src="/dashboard/app.js" defer></script>')
    expect(html).toContain('<link rel="stylesheet" href="/dashboard/app.css">')
    expect(html).not.toMatch(/<script>|<style|style=/)
    expect(await (await get('/dashboard/app.js', 'admin:cs')).text()).toBe('console.log("page")')
    expect((await get('/dashboard/app.css', 'admin:cs')).headers.get('content-type')).toBe('text/css; charset=utf-8')
  })

  it('answers JSON that no cache keeps and no browser sniffs, naming the journey and the moment', async () => {
    const response = await get('/dashboard/api/summary', 'admin:cs')
    expect([response.headers.get('content-type'), response.headers.get('cache-control'), response.headers.get('x-content-type-options')])
      .toEqual(['application/json; charset=utf-8', 'no-store', 'nosniff'])
    expect(await response.json()).toMatchObject({ journey: 'figures', now: NOW, users: 6 })
    expect(await (await get('/dashboard/api/journeys', 'admin:cs')).json()).toEqual({ journeys: [{ id: 'figures', title: 'Figures fixture' }] })
  })

  it('answers each figure as CSV with format=csv, as a download', async () => {
    const response = await get('/dashboard/api/funnel?format=csv', 'admin:cs')
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="figures-funnel.csv"')
    expect((await response.text()).split('\r\n').slice(0, 3)).toEqual([
      '"audience","step","title","milestone","optional","reached","completed","drop-off","users"',
      '"Every milestone","c1","Open sources","connect",false,4,3,1,4',
      '"Every milestone","c2","Add a source","connect",false,3,2,1,4',
    ])
  })

  it('exports every user at risk, a line per milestone, not a page of them', async () => {
    const csv = await (await get('/dashboard/api/at-risk?format=csv&sort=trait:accountValue', 'admin:cs')).text()
    const lines = csv.trim().split('\r\n')
    expect(lines).toHaveLength(1 + 1 + 1 + 1 + 1) // header, then u6, u2, u5 and u3's milestones that cause an amber or red
    expect(lines[0]).toBe('"user","milestone","title","status","colour","reason","blocks","days overdue","due","percent","escalation level","last seen","plan"')
    expect(lines[1]).toBe('"u6","connect","Connect your data","overdue","red","1 day overdue","share",1,"2026-11-09T09:00:00.000Z",50,0,"2026-11-07T09:00:00.000Z","starter"')
  })

  it('neutralises a formula sent by a browser in the CSV of delegated steps', async () => {
    const csv = await (await get('/dashboard/api/escalations?kind=delegate&format=csv', 'admin:cs')).text()
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.test"",""click""), please"`)
  })

  it.each([
    ['/dashboard/api/nothing', 404, /figure: one of journeys, segments, summary/],
    ['/dashboard/api/summary?journey=other', 404, /journey: no journey "other"/],
    ['/dashboard/api/funnel?segment=plan', 400, /segment: expected <trait>:<value>/],
    ['/dashboard/api/at-risk?min=accountValue:lots', 400, /min: accountValue needs a number/],
    ['/dashboard/api/at-risk?sort=password', 400, /sort: one of severity/],
    ['/dashboard/api/at-risk?colour=green', 400, /colour: red or amber/],
    ['/dashboard/api/escalations?kind=every', 400, /kind: escalation, delegate, owner or all/],
    ['/dashboard/api/accounts?colour=blue', 400, /colour: red or amber/],
    ['/dashboard/api/accounts?min=account.value:lots', 400, /min: account.value needs a number/],
    ['/dashboard/api/survey?segment=plan', 400, /segment: expected <trait>:<value>/],
    ['/dashboard/api/outcomes?max=accountValue:', 400, /max: accountValue needs a number/],
    ['/dashboard/other', 404, /not found/],
  ])('refuses %s with %i and the reason', async (path, status, error) => {
    const response = await get(path, 'admin:cs')
    expect(response.status).toBe(status)
    expect((await response.json()).error).toMatch(error)
  })

  it('answers 405 to a write', async () => {
    const response = await handler(new Request('http://127.0.0.1/dashboard/api/summary', { method: 'POST', headers: { authorization: 'Bearer admin:cs' } }))
    expect([response.status, response.headers.get('allow')]).toEqual([405, 'GET, HEAD'])
  })

  it('keeps a trait name in a filter out of the SQL text: it is a parameter', async () => {
    const response = await get(`/dashboard/api/at-risk?segment=${encodeURIComponent("plan') OR 1=1 --:pro")}`, 'admin:cs')
    expect(await response.json()).toMatchObject({ total: 0, rows: [] })
  })

  it('answers 500 and logs once when the database fails', async () => {
    const broken = createDashboardHandler({ store: { ...createMemoryStore(), query: () => Promise.reject(new Error('connection refused')) }, journeys: [journey], authorize, log })
    log.mockClear()
    const response = await broken(new Request('http://127.0.0.1/dashboard/api/summary', { headers: { authorization: 'Bearer admin:cs' } }))
    expect([response.status, await response.json()]).toEqual([500, { error: 'internal error' }])
    expect(log).toHaveBeenCalledTimes(1)
  })

  // bb-r24: while PostgreSQL was stopped the dashboard answered 500 and the sync handler 503.
  it('answers 503 with Retry-After while the database is unreachable, as the sync handler does, logging nothing', async () => {
    const away = createDashboardHandler({ store: { ...createMemoryStore(), query: () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })) }, journeys: [journey], authorize, log })
    log.mockClear()
    const response = await away(new Request('http://127.0.0.1/dashboard/api/summary', { headers: { authorization: 'Bearer admin:cs' } }))
    expect([response.status, response.headers.get('retry-after'), await response.json()]).toEqual([503, '5', { error: 'store unavailable: retry later' }])
    expect(log).not.toHaveBeenCalled()
  })

  it('needs a SQL store, and says so when given another', () => {
    expect(() => createDashboardHandler({ store: createMemoryStore(), journeys: [journey], authorize }))
      .toThrow('the figures need a SQL store (createPgliteStore or createPostgresStore)')
  })
})
