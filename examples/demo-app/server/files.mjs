// Static files from a few folders: only regular files inside the folder, never a dotfile, never a
// path that climbs out of it (`..`, encoded or not).
import { readFile, stat } from 'node:fs/promises'
import { extname, resolve, sep } from 'node:path'

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
}

/** The absolute file for `relPath` under `dir`, or null when it would leave `dir`. */
export const resolveInside = (dir, relPath) => {
  let path
  try {
    path = decodeURIComponent(relPath)
  } catch {
    return null // malformed %-escape
  }
  if (path.includes('\0') || path.includes('\\')) return null
  if (path.split('/').some((segment) => segment.startsWith('.'))) return null
  const root = resolve(dir)
  const file = resolve(root, path.replace(/^\/+/, ''))
  return file.startsWith(root + sep) ? file : null
}

/** Sends the file, or returns false (nothing sent) when there is no such file. */
export const sendFile = async (req, res, file) => {
  if (!file) return false
  const info = await stat(file).catch(() => null)
  if (!info?.isFile()) return false
  const body = await readFile(file)
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': body.length,
  })
  res.end(req.method === 'HEAD' ? undefined : body)
  return true
}
