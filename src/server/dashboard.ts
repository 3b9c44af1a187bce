/**
 * The dashboard of the reference server as one Fetch-API function: `GET /dashboard` (the page),
 * `GET /dashboard/api/<figure>?journey=…` (JSON, or CSV with `format=csv`). Admins only.
 */
import { isUnavailable, RETRY_AFTER_S } from './unavailable'
import { defaultLog } from './log'
import type { Journey } from '../core/types'
import { css } from '../dashboard/styles'
import { csvLines, toCsv } from './csv'
import { nodeBuiltin } from './driver'
import { dashboardPage, PAGE_CSP } from './dashboard-page'
import { accounts } from './figures/accounts'
import { atRisk } from './figures/at-risk'
import { escalations } from './figures/escalations'
import type { Figure, FigureContext } from './figures/figure'
import { intParam } from './figures/figure'
import { funnel } from './figures/funnel'
import { audienceTraits, layoutOf } from './figures/layout'
import { milestones } from './figures/milestones'
import { nudges } from './figures/nudges'
import { outcomes } from './figures/outcomes'
import { segments as segmentValues } from './figures/segments'
import { parseFilter } from './figures/segment'
import { summary } from './figures/summary'
import { survey } from './figures/survey'
import type { SyncHandler, SyncHandlerOptions } from './handler'
import { json } from './http'
import { causesOnce, inTime, journeyLookup, journeyProblem } from './notice'
import type { SyncStore } from './store'

export interface DashboardOptions {
  /** A SQL store (PGlite or PostgreSQL) that the sync handler writes with `journeys` set. */
  store: SyncStore
  /**
   * The journey files shown, first one by default; or a function of no arguments giving them, asked
   * at each request (one that throws or has not answered within `lookupTimeoutMs` leaves the files
   * it gave last, told once on `log` until it answers again).
   */
  journeys: readonly Journey[] | (() => readonly Journey[] | Promise<readonly Journey[]>)
  /** How long a `journeys` function may take to answer. @default 10000 */
  lookupTimeoutMs?: number
  /** The same check as the sync endpoint's: only a caller with `role: 'admin'` gets in (401 without one, 403 otherwise). */
  authorize: SyncHandlerOptions['authorize']
  /** Traits the figures can be cut by. @default the traits the journey's audiences read */
  segments?: readonly string[]
  /** Traits shown as columns of the at-risk list and the escalation log. @default the segments */
  columns?: readonly string[]
  /** The account trait (`milepost_accounts.traits`) the accounts worklist ranks by: value × days late. @default "value" */
  accountValueTrait?: string
  /** @default "/dashboard" */
  basePath?: string
  /** The built page bundle (`dist/dashboard.js`): a file path or URL, or a function giving its text. @default the file beside this module */
  script?: string | URL | (() => Promise<string>)
  /** The clock the figures are about, epoch ms. @default Date.now */
  now?: () => number
  /** Where failures go. @default console.error */
  log?: (message: string, error?: unknown) => void
}

/** Figure name → figure; `segments` is made per journey from its traits. */
const FIGURES: Record<string, Figure<any>> = {
  summary, funnel, milestones, nudges, 'at-risk': atRisk, escalations, accounts, survey, outcomes,
}

const text = (status: number, body: string | ReadableStream<Uint8Array>, type: string, headers: Record<string, string> = {}): Response =>
  new Response(body, { status, headers: { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers } })

/**
 * Rows read per page of the escalation log's CSV, which has every notice (up to `limit` when given):
 * the process serves other requests between pages. Built in one go, 25,000 notices held a sync
 * endpoint in the same process 0.3–0.6 s, and the file stopped at 100,000 lines without saying so
 * (bb-r32 scale run). The at-risk list stays one read: users leave and enter it as they sync, and
 * pages of a list that moves lost some of the users at risk all along (bb-r32 own-changes run).
 */
export const CSV_PAGE = 1000
const PAGED = new Set(['escalations'])

/**
 * A list's CSV, read page by page as the download goes (`offset`/`limit` of the figure, which count
 * its rows), newest first: a notice stored meanwhile pushes the log down, and a line the page before
 * gave already is left out. Each page waits for a task of its own, so requests that came in the
 * meantime go first (PGlite answers in the same thread: pages asked for back to back held every
 * sync until the download ended). A failure after the first page ends the download short of its
 * end, told on `log`.
 */
const pagedCsv = async (f: Figure<unknown>, c: FigureContext, log: (message: string, error?: unknown) => void): Promise<Response | { error: string }> => {
  const q = c.params
  let offset = intParam(q, 'offset', 0, 1e9)
  let left = q.has('limit') ? intParam(q, 'limit', Infinity, Infinity) : Infinity
  const page = async () => {
    const size = Math.min(CSV_PAGE, left)
    const params = new URLSearchParams(q)
    params.set('offset', String(offset))
    params.set('limit', String(size))
    const answer = (await f.read({ ...c, params })) as { rows: unknown[] } | { error: string }
    if ('error' in answer) return answer
    const { columns, rows } = f.table(answer)
    offset += answer.rows.length
    left -= answer.rows.length
    return { header: csvLines([columns]), lines: csvLines(rows), more: answer.rows.length == size && left > 0 }
  }
  const first = await page()
  if ('error' in first) return first
  let before = new Set(first.lines)
  const encoder = new TextEncoder()
  return text(200, new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(first.header.join('') + first.lines.join('')))
      if (!first.more) controller.close()
    },
    async pull(controller) {
      try {
        await new Promise((resolve) => setTimeout(resolve, 0))
        const next = await page()
        if ('error' in next) throw new Error(next.error)
        controller.enqueue(encoder.encode(next.lines.filter((l) => !before.has(l)).join('')))
        before = new Set(next.lines)
        if (!next.more) controller.close()
      } catch (error) {
        log(`a CSV download stopped after ${offset} rows`, error)
        controller.error(error)
      }
    },
  }), 'text/csv')
}

const readScript = async (script: DashboardOptions['script']): Promise<string> => {
  if (typeof script === 'function') return script()
  // Only here, and only Node's: the handler itself runs in any Fetch runtime (pass `script` there).
  const { readFile } = nodeBuiltin<typeof import('node:fs/promises')>('node:fs/promises')
  return readFile(script ?? new URL('./dashboard.js', import.meta.url), 'utf8')
}

/**
 * Creates the dashboard handler.
 * @example
 * const dashboard = createDashboardHandler({ store, journeys: [journey], authorize: adminsOnly })
 * createServer(toNodeListener(dashboard, { basePath: '/dashboard' }))
 */
export const createDashboardHandler = (options: DashboardOptions): SyncHandler => {
  const { store, authorize, now = Date.now } = options
  const base = (options.basePath ?? '/dashboard').replace(/\/+$/, '')
  const log = options.log ?? defaultLog
  const query = store.query
  if (!query) throw new Error('createDashboardHandler: the figures need a SQL store (createPgliteStore or createPostgresStore)')
  // Listed files are checked now; a function's, at each answer: a file that is not valid, or a second
  // one of an id, is left out of the dashboard (told once on the log), as the other server parts do.
  if (typeof options.journeys != 'function') {
    if (!Array.isArray(options.journeys)) throw new TypeError('createDashboardHandler: journeys: expected the journey files (an array), or a function of no arguments giving them, () => files')
    journeyLookup('createDashboardHandler', options.journeys)
  }
  const told = new Set<string>()
  const tell = (message: string) => void (told.has(message) || (told.add(message), log(message)))
  const once = causesOnce(log)
  /** What the journeys function gave last: shown while it fails. */
  let last: readonly Journey[] = []
  const list = async (): Promise<readonly Journey[]> => {
    const fn = options.journeys
    if (typeof fn != 'function') return fn
    let files: unknown
    try {
      files = await inTime(fn, options.lookupTimeoutMs)
    } catch (error) {
      once.tell('', 'failed', `createDashboardHandler: the journeys function failed (${error}); the files it gave last are shown`)
      return last
    }
    once.clear('')
    if (!Array.isArray(files)) {
      tell(`createDashboardHandler: the journeys function answered ${files == null ? files : typeof files == 'object' ? 'an object' : `a ${typeof files}`}, not the journey files (an array): it is called with no arguments, () => files`)
      return []
    }
    const ids = new Set<string>()
    return (last = files.filter((j: Journey) => {
      const problem = journeyProblem(j)
      if (problem) tell(`createDashboardHandler: the journeys function answered a file that is not valid${j?.id ? ` ("${j.id}")` : ''}: ${problem}; it is left out; check it with npx milepost validate`)
      else if (ids.has(j.id)) tell(`createDashboardHandler: the journeys function answered two files of the id "${j.id}": the first is used`)
      else return ids.add(j.id)
      return false
    }))
  }
  let script: Promise<string> | undefined

  const figure = async (name: string, q: URLSearchParams): Promise<Response> => {
    // PostgreSQL text holds no NUL: a filter, sort or trait name with one failed the query (a 500).
    for (const [k, v] of q) if ((k + v).includes('\0')) return json(400, { error: `${k}: a NUL character is not allowed` })
    // A page's place and size are whole numbers: `limit=abc` or `offset=-5` had been read as the
    // default, and a script paging with a typo got the first page again and again.
    for (const k of ['limit', 'offset']) if (q.has(k) && !/^\d+$/.test(q.get(k)!)) return json(400, { error: `${k}: expected a whole number (0 or more), got ${JSON.stringify(q.get(k)!.slice(0, 40))}` })
    const journeys = await list()
    if (name === 'journeys') {
      return json(200, { journeys: journeys.map((j) => ({ id: j.id, title: j.title })) })
    }
    const journey = q.has('journey') ? journeys.find((j) => j.id === q.get('journey')) : journeys[0]
    if (!journey) return json(404, { error: `journey: no journey ${JSON.stringify(q.get('journey') ?? '')}` })
    const segments = options.segments ?? audienceTraits(journey)
    const f = name === 'segments' ? segmentValues(segments) : Object.hasOwn(FIGURES, name) ? FIGURES[name] : undefined
    if (!f) return json(404, { error: `figure: one of journeys, segments, ${Object.keys(FIGURES).join(', ')}` })
    const filter = parseFilter(q)
    if ('error' in filter) return json(400, filter)
    const at = now()
    const columns = options.columns ?? segments
    const context: FigureContext = { query, journey, layout: layoutOf(journey), filter, now: at, params: q, columns,
      accountValueTrait: options.accountValueTrait ?? 'value' }
    const csv = q.get('format') === 'csv'
    const download = { 'content-disposition': `attachment; filename="${`${journey.id}-${name}.csv`.replace(/[^\w.-]/g, '_')}"` }
    if (csv && PAGED.has(name)) {
      const response = await pagedCsv(f as Figure<unknown>, context, log)
      if ('error' in response) return json(400, response)
      for (const [k, v] of Object.entries(download)) response.headers.set(k, v)
      return response
    }
    const answer = await f.read(context)
    if ('error' in answer) return json(400, answer)
    if (csv) return text(200, toCsv(f.table(answer)), 'text/csv', download)
    return json(200, { journey: journey.id, now: at, ...(name === 'summary' ? { segments, columns } : {}), ...answer })
  }

  return async (request) => {
    const url = new URL(request.url)
    const path = url.pathname.replace(/\/+$/, '')
    try {
      if (path !== base && !path.startsWith(base + '/')) return json(404, { error: 'not found' })
      if (request.method !== 'GET' && request.method !== 'HEAD') return json(405, { error: 'method: use GET' }, { allow: 'GET, HEAD' })
      const caller = await authorize(request)
      const api = path.startsWith(base + '/api/')
      if (!caller || typeof caller.userId !== 'string') {
        return api ? json(401, { error: 'not authorized' }) : text(401, 'Sign in as an admin to see the dashboard.\n', 'text/plain')
      }
      if (caller.role !== 'admin') {
        return api ? json(403, { error: 'the dashboard is for admins' }) : text(403, 'The dashboard is for admins.\n', 'text/plain')
      }
      if (api) return await figure(path.slice(base.length + 5), url.searchParams)
      if (path === base) return text(200, dashboardPage(base), 'text/html', { 'content-security-policy': PAGE_CSP, 'referrer-policy': 'same-origin', 'x-frame-options': 'DENY' })
      if (path === `${base}/app.css`) return text(200, css, 'text/css')
      if (path === `${base}/app.js`) {
        script ??= readScript(options.script).catch((error: unknown) => {
          script = undefined
          throw error
        })
        return text(200, await script, 'text/javascript')
      }
      return json(404, { error: 'not found' })
    } catch (error) {
      // As the sync handler: a database that is down (stopped, failing over) is a 503 to retry, not a fault.
      if (isUnavailable(error)) return json(503, { error: 'store unavailable: retry later' }, { 'retry-after': String(RETRY_AFTER_S) })
      log(`${request.method} ${url.pathname} failed`, error)
      return json(500, { error: 'internal error' })
    }
  }
}
