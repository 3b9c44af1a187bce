// Whether built files are older than what they are built from (by modification time).
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

const mtime = (path) => {
  try {
    return statSync(path).mtimeMs
  } catch {
    return undefined
  }
}

/** Every file under `dir`. */
const files = (dir) => readdirSync(dir, { withFileTypes: true })
  .flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]))

/**
 * True when an output is missing or older than the newest input; `inputs` are files or folders
 * (read whole), both relative to `root`.
 */
export const isStale = (root, inputs, outputs) => {
  const newest = Math.max(0, ...inputs.flatMap((p) => {
    const path = join(root, p)
    try {
      return statSync(path).isDirectory() ? files(path).map(mtime) : [mtime(path)]
    } catch {
      return []
    }
  }).map((t) => t ?? 0))
  return outputs.some((p) => (mtime(join(root, p)) ?? -1) < newest)
}
