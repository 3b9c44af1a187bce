// One process at a time per PGlite data folder: two PGlite instances writing the same files both
// accept writes and corrupt each other. A lock file holding the owner's pid; a lock whose process
// is gone (a crash, a SIGKILL) is taken over.
import type * as Fs from 'node:fs'
import type * as Path from 'node:path'
import { nodeBuiltin } from './driver'

// Lock files this process holds. Per process by nature (the pid is the owner), so kept on
// `process`, not in this module (a module evaluated twice, as a dev server's hot reload does, would
// take its own live lock for a stale one): it tells this process's own live lock from a stale one
// left by an earlier process that had the same pid (pid 1 in every container).
const locks = (): Set<string> => {
  const p = process as unknown as Record<symbol, Set<string>>
  return (p[Symbol.for('milepost.locks')] ??= new Set())
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' // exists, owned by another user
  }
}

/**
 * Takes the lock of `dir` (created when missing) or throws a clear error when another live
 * process, or another store in this one, has it. Returns the function that releases it.
 */
export const lockDir = (dir: string): (() => void) => {
  const { mkdirSync, openSync, readFileSync, rmSync, writeSync, closeSync } = nodeBuiltin<typeof Fs>('node:fs')
  const { join } = nodeBuiltin<typeof Path>('node:path')
  const held = locks()
  mkdirSync(dir, { recursive: true })
  const file = join(dir, '.milepost.lock')
  for (let tries = 0; ; tries++) {
    try {
      const fd = openSync(file, 'wx')
      writeSync(fd, String(process.pid))
      closeSync(fd)
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || tries > 0) throw error
      const pid = Number(readFileSync(file, 'utf8').trim())
      const mine = pid === process.pid
      if (mine ? held.has(file) : Number.isSafeInteger(pid) && pid > 0 && alive(pid)) {
        throw new Error(`milepost: the PGlite data folder ${dir} is already open ${mine ? 'in this process' : `in process ${pid}`}. ` +
          'PGlite allows one process at a time: close the other one, or use createPostgresStore for several processes.')
      }
      rmSync(file, { force: true }) // stale: its process is gone
    }
  }
  held.add(file)
  const release = () => {
    if (!held.delete(file)) return
    process.off('exit', release)
    rmSync(file, { force: true })
  }
  process.on('exit', release)
  return release
}
