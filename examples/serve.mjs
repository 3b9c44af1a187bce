// `npm start`: the demo app (examples/demo-app) with Milepost's script tag, the built SDK (dist/),
// the journeys (examples/journeys), the sync endpoint on PGlite and the figures dashboard (/dashboard,
// admins only: see demo-app/server/admin.mjs), on 127.0.0.1.
//
//   PORT                    default 4321 (0 picks a free one); the URL line says which
//   MILEPOST_DATA_DIR       default .data/pglite under the repo
//   ESCALATION_WEBHOOK_URL  when set, escalations and delegated steps are posted there too
//   ESCALATION_WEBHOOK_SECRET  a whsec_… secret: webhook posts are signed (docs/watch.md); several,
//                           space-separated, while one is rotated
//   MILEPOST_WATCH_MS       how often the server watch looks for due escalations, default 60000
//   MILEPOST_ADMIN_TOKEN    the dashboard's admin token; default: a new one at each start
//
// It prints `Milepost demo: http://127.0.0.1:<port>/` once it answers requests, then the dashboard link.
import { existsSync } from 'node:fs'
import { createServer } from 'node:http'
import { join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { createAdmin } from './demo-app/server/admin.mjs'
import { createEndpoint, BASE_PATH } from './demo-app/server/endpoint.mjs'
import { resolveInside, sendFile } from './demo-app/server/files.mjs'
import { demoRunning, holdDataDir } from './demo-app/server/lock.mjs'
import { DEMO_ACCOUNT, pageValues, renderPage } from './demo-app/server/page.mjs'
import { newUser, readUser, userCookie } from './demo-app/server/session.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const app = join(root, 'examples', 'demo-app')
const dirs = { '/dist/': join(root, 'dist'), '/journeys/': join(root, 'examples', 'journeys'), '/assets/': join(app, 'assets') }
const ROUTES = new Set(['/', '/sources', '/reports', '/team', '/settings'])
const PLAN = 'pro' // every milestone of acme-onboarding.json is for pro (first-report has an audience)
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'"

const fail = (message) => {
  console.error(`Milepost demo: ${message}`)
  process.exit(1)
}

const port = Number(process.env.PORT || 4321)
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`PORT=${process.env.PORT} is not a port number`)
if (!['milepost.min.js', 'server.js', 'core.js', 'dashboard.js'].every((f) => existsSync(join(root, 'dist', f)))) {
  fail('dist/ is missing or incomplete: run npm run build (npm start does it for you)')
}
const dataDir = resolve(process.env.MILEPOST_DATA_DIR || join(root, '.data', 'pglite'))

/** A demo user who signed up `days` days ago (0-60, from `?days=` or the settings form), default 2. */
const daysFrom = (text) => {
  const days = Number(text)
  return text && Number.isInteger(days) && days >= 0 && days <= 60 ? days : 2
}

const readForm = (req) => new Promise((done) => {
  let body = ''
  req.setEncoding('utf8')
  req.on('data', (chunk) => (body.length < 1024 ? (body += chunk) : req.destroy()))
  req.on('end', () => done(new URLSearchParams(body)))
  req.on('close', () => done(new URLSearchParams())) // cut off (too long) or failed
})

/** `/reset`: a new user (new cookie, nothing done yet), then back to the app. */
const reset = async (req, res, query) => {
  const form = req.method === 'POST' ? await readForm(req) : query
  res.writeHead(303, { 'set-cookie': userCookie(newUser(daysFrom(form.get('days')))), location: '/' }).end()
}

const page = async (req, res) => {
  let user = readUser(req.headers.cookie)
  if (!user) {
    user = newUser(2)
    res.setHeader('set-cookie', userCookie(user))
  }
  const html = await renderPage(join(app, 'index.html'), pageValues(user, PLAN))
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(req.method === 'HEAD' ? undefined : html)
}

const notFound = (res, status = 404, text = 'Not found') =>
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(`${text}\n`)

const built = (file) => import(pathToFileURL(join(root, 'dist', file)).href)
const serverLib = await built('server.js')
const endpoint = await createEndpoint({
  server: serverLib,
  core: await built('core.js'),
  dataDir,
  journeysDir: dirs['/journeys/'],
  webhookUrl: process.env.ESCALATION_WEBHOOK_URL || undefined,
  authorize: (request) => {
    const user = readUser(request.headers.get('cookie'))
    // Every demo user is a member of the demo account (a request naming another account is refused).
    return user ? { userId: user.userId, accountId: DEMO_ACCOUNT.id } : null
  },
  log: (line) => console.log(line),
  warn: (line) => console.warn(`Milepost demo: ${line}`),
})

// The dashboard reads the endpoint's store: the sync handler keeps each user's figures as they sync.
const admin = createAdmin(process.env.MILEPOST_ADMIN_TOKEN)
const dashboard = serverLib.toNodeListener(serverLib.createDashboardHandler({
  store: endpoint.store,
  journeys: [...endpoint.journeys.values()],
  authorize: admin.authorize,
  segments: ['plan'],
  columns: ['plan', 'accountValue'],
  accountValueTrait: 'value',
}), { basePath: '/dashboard' })

const route = async (req, res) => {
  const [path = '/', search = ''] = (req.url ?? '/').split('?', 2)
  if (!path.startsWith('/')) return notFound(res, 400, 'Bad request')
  if (path === BASE_PATH || path.startsWith(`${BASE_PATH}/`)) return endpoint.listener(req, res)
  if (path === '/dashboard/login' && req.method === 'GET') return admin.login(req, res, new URLSearchParams(search))
  if (path === '/dashboard' || path.startsWith('/dashboard/')) return dashboard(req, res)
  if (path === '/reset' && (req.method === 'GET' || req.method === 'POST')) return reset(req, res, new URLSearchParams(search))
  if (req.method !== 'GET' && req.method !== 'HEAD') return res.writeHead(405, { allow: 'GET, HEAD' }).end()
  const appRoute = path.length > 1 ? path.replace(/\/+$/, '') : path
  if (ROUTES.has(appRoute)) return page(req, res)
  if (path === '/favicon.ico') return (await sendFile(req, res, join(dirs['/assets/'], 'favicon.svg'))) || notFound(res)
  const prefix = Object.keys(dirs).find((p) => path.startsWith(p))
  if (prefix && (await sendFile(req, res, resolveInside(dirs[prefix], path.slice(prefix.length))))) return
  notFound(res)
}

const server = createServer((req, res) => {
  res.setHeader('cache-control', 'no-store')
  res.setHeader('content-security-policy', CSP)
  res.setHeader('x-content-type-options', 'nosniff')
  res.setHeader('referrer-policy', 'same-origin')
  route(req, res).catch((error) => {
    console.error(`Milepost demo: ${req.method} ${req.url} failed`, error)
    if (!res.headersSent) notFound(res, 500, 'Internal error')
    else res.destroy()
  })
})

let stopping = false
let releaseDataDir = () => {}
const stop = async (signal) => {
  if (stopping) process.exit(1) // a second Ctrl-C: do not wait
  stopping = true
  console.log(`Milepost demo: ${signal}, stopping`)
  // Requests in flight finish (2 s at most) before the database closes under them.
  const closed = new Promise((done) => server.close(done))
  server.closeIdleConnections()
  setTimeout(() => server.closeAllConnections(), 2000).unref()
  await closed
  await endpoint.close().catch((error) => console.error('Milepost demo: closing the database failed', error))
  releaseDataDir()
  process.exit(0)
}
process.on('SIGINT', () => void stop('SIGINT'))
process.on('SIGTERM', () => void stop('SIGTERM'))

// Listen before opening the database: a second `npm start` on the same port stops here, before it
// could open the same data folder (PGlite allows one process per folder).
await new Promise((listening) => {
  server.once('error', (error) => {
    if (error.code === 'EADDRINUSE') fail(`port ${port} is taken (another npm start?): stop it, or run with PORT=<another port>`)
    fail(`cannot listen on 127.0.0.1:${port}: ${error.message}`)
  })
  server.listen(port, '127.0.0.1', listening)
})
const holder = demoRunning(dataDir)
if (holder) fail(`another demo server (pid ${holder}) has ${dataDir} open: stop it, or run with MILEPOST_DATA_DIR=<another folder>`)
releaseDataDir = holdDataDir(dataDir)
if (!existsSync(join(dataDir, 'PG_VERSION'))) console.log(`Milepost demo: creating the database in ${dataDir} (first start only, a few seconds)…`)
await endpoint.start().catch((error) => fail(`cannot open the database in ${dataDir}: ${error.message}`))
const url = `http://127.0.0.1:${server.address().port}/`
console.log(`Milepost demo: ${url}`)
console.log(`  data in ${dataDir} · journeys: ${[...endpoint.journeys.keys()].join(', ')} · ` +
  `escalations: ${process.env.ESCALATION_WEBHOOK_URL ? 'console + webhook' : 'console (set ESCALATION_WEBHOOK_URL to post them)'} · ` +
  `start over: ${url}reset`)
console.log(`Milepost dashboard: ${url}dashboard/login?token=${admin.token} (admins only; npm run seed fills it with simulated users)`)
