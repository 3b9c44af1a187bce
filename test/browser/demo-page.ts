// The demo app (examples/demo-app) with the built script tag and the demo journey, served without
// the sync endpoint or PGlite: for UI checks on the real pages, at any size, quickly.
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize } from 'node:path'
// @ts-expect-error plain JS module of the demo
import { pageValues, renderPage } from '../../examples/demo-app/server/page.mjs'

const root = process.cwd()
const dirs: Record<string, string> = { '/dist/': join(root, 'dist'), '/journeys/': join(root, 'examples/journeys'), '/assets/': join(root, 'examples/demo-app/assets') }
const ROUTES = new Set(['/', '/sources', '/reports', '/team', '/settings'])
const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml' }
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'"

/** Serves the demo for a user who signed up `days` ago (default 2), progress kept in the browser only. */
export const serveDemo = async (days = 2) => {
  const user = { userId: 'demo-ui', signedUpAt: Date.now() - days * 86_400_000 }
  const server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!
    try {
      if (ROUTES.has(path)) {
        const html = (await renderPage(join(root, 'examples/demo-app/index.html'), pageValues(user, 'pro')) as string)
          .replace(/\s*data-endpoint="[^"]*"/, '')
        return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': CSP }).end(html)
      }
      const prefix = Object.keys(dirs).find((d) => path.startsWith(d))
      if (!prefix || path.includes('..')) throw new Error('not found')
      const body = await readFile(normalize(join(dirs[prefix]!, path.slice(prefix.length))))
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream', 'cache-control': 'no-store' }).end(body)
    } catch {
      res.writeHead(404).end('not found')
    }
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise<void>((r) => server.close(() => r())) }
}
