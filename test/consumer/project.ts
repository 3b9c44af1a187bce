// A throwaway project that installs the packed tarball the way a user's `npm install` does.
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const repo = fileURLToPath(new URL('../../', import.meta.url))

export interface Ran {
  status: number | null
  stdout: string
  stderr: string
}

/** Runs a command to its end; never throws for a non-zero exit. */
export const run = (command: string, args: string[], cwd: string, input?: string): Ran => {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 120_000, ...(input === undefined ? {} : { input }) })
  return { status: r.status, stdout: r.stdout ?? '', stderr: (r.stderr ?? '') + (r.error ? String(r.error) : '') }
}

// Tools the user would install beside milepost. Linked from this repository's node_modules, at
// the versions it pins, so the test needs no network and no second download.
const TOOLS = ['typescript', 'react', 'react-dom', '@types/react', '@types/react-dom', '@types/node', '@electric-sql/pglite']

/**
 * Packs the repository (`npm pack`: exactly the files npm would publish) and installs the tarball
 * into a new project, with its dependencies from the npm cache. Returns the project folder.
 */
export const installPacked = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'milepost-consumer-'))
  const pack = run('npm', ['pack', '--json', '--pack-destination', dir], repo)
  if (pack.status !== 0) throw new Error('npm pack failed:\n' + pack.stderr)
  const tarball = join(dir, (JSON.parse(pack.stdout) as Array<{ filename: string }>)[0]!.filename)
  const project = join(dir, 'app')
  mkdirSync(project)
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }))
  const install = run('npm', ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], project)
  if (install.status !== 0) throw new Error('npm install of the tarball failed:\n' + install.stderr)
  for (const tool of TOOLS) {
    const link = join(project, 'node_modules', tool)
    mkdirSync(dirname(link), { recursive: true })
    symlinkSync(join(repo, 'node_modules', tool), link, 'dir')
  }
  return project
}

/** Writes `files` (path → text) into the project. */
export const write = (project: string, files: Record<string, string>): void => {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(project, path)), { recursive: true })
    writeFileSync(join(project, path), text)
  }
}
