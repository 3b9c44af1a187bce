// One process per data folder (PGlite allows no more): the demo server holds `<dataDir>.pid` while it
// runs, and the seed script refuses to open the folder while that process lives.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

const fileOf = (dataDir) => `${dataDir.replace(/[/\\]+$/, '')}.pid`

/** The pid of a live process holding the folder, or null. */
export const demoRunning = (dataDir) => {
  let pid
  try {
    pid = Number(readFileSync(fileOf(dataDir), 'utf8'))
  } catch {
    return null
  }
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return null
  try {
    process.kill(pid, 0)
    return pid
  } catch (error) {
    return error.code === 'EPERM' ? pid : null // EPERM: alive, another user's
  }
}

/** Marks the folder as held by this process; returns what releases it. */
export const holdDataDir = (dataDir) => {
  const file = fileOf(dataDir)
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, String(process.pid))
  return () => rmSync(file, { force: true })
}
