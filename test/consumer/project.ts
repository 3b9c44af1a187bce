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
 * into a new project, with its dependencies from the npm cache. Returns the project folder and the
 * tarball's file paths (`dist/index.js`…).
 *
 * It packs dist/ as it is (`--ignore-scripts`): `npm test` has just built it, and package.json's
 * `prepack` (the full build, for `npm pack` and `npm publish` by hand) would build it all again
 * (40 s more on the shared 2-core machine) and print the scripts' lines into `--json`'s output.
 * Run `npm run build` before this project alone; the first test checks the tarball is complete.
 */
export const installPacked = (): { project: string; files: string[] } => {
  const dir = mkdtempSync(join(tmpdir(), 'milepost-consumer-'))
  const pack = run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], repo)
  if (pack.status !== 0) throw new Error('npm pack failed:\n' + pack.stderr)
  const [packed] = JSON.parse(pack.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>
  const tarball = join(dir, packed!.filename)
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
  return { project, files: packed!.files.map((f) => f.path) }
}

/** Writes `files` (path → text) into the project. */
export const write = (project: string, files: Record<string, string>): void => {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(project, path)), { recursive: true })
    writeFileSync(join(project, path), text)
  }
}
