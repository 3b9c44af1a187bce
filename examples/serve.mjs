// `npm start`: serves examples/ and the built SDK (dist/) on 127.0.0.1 so the script tag can be tried.
import { createServer } from 'node:http'
import { readFile } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const port = Number(process.env.PORT ?? 4321)
const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml',
}

/** Maps a URL path to a file under examples/ or dist/, refusing anything outside them. */
const resolveFile = (urlPath) => {
  const path = decodeURIComponent(urlPath.split('?')[0] ?? '/')
  const [base, rest] = path.startsWith('/dist/') ? ['dist', path.slice(6)] : ['examples', path.slice(1)]
  const dir = join(root, base)
  const file = normalize(join(dir, rest || 'index.html'))
  return file.startsWith(dir + sep) || file === dir ? (file.endsWith(sep) ? file + 'index.html' : file) : null
}

const server = createServer(async (req, res) => {
  const file = resolveFile(req.url ?? '/')
  try {
    if (!file) throw new Error('outside')
    const body = await readFile(file).catch(() => readFile(join(file, 'index.html')))
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'text/html; charset=utf-8', 'cache-control': 'no-store' })
    res.end(body)
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
  }
})
server.listen(port, '127.0.0.1', () => console.log(`Milepost demo: http://127.0.0.1:${port}/`))
