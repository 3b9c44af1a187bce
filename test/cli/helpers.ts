// Shared by the CLI tests: an in-memory Io for `run`, and the built CLI run as a real subprocess.
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll } from 'vitest'
import type { Io } from '../../src/cli/io'
import { buildCli } from './build'

/**
 * An Io over `files` (then the repository's own files with `repo`), collecting what is written;
 * `colour` as a terminal without NO_COLOR would have it.
 */
export const memoryIo = (files: Record<string, string> = {}, colour = false, repo = false) => {
  let out = ''
  let err = ''
  const io: Io = {
    readFile(path) {
      if (Object.hasOwn(files, path)) return files[path]!
      if (repo && !path.startsWith('/')) return readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8')
      throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' })
    },
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    colour,
  }
  return { io, out: () => out, err: () => err }
}

export interface Ran {
  code: number | null
  stdout: string
  stderr: string
}

/**
 * Builds the CLI once for the test file (beforeAll) and returns `milepost(...args)`, which runs it
 * with node in a fresh folder holding `files`, with NO_COLOR unset and no terminal.
 */
export const useBuiltCli = () => {
  let built: Awaited<ReturnType<typeof buildCli>>
  beforeAll(async () => {
    built = await buildCli()
  }, 60_000)
  afterAll(() => built?.remove())
  const env = () => {
    const e = { ...process.env }
    delete e.NO_COLOR
    delete e.FORCE_COLOR
    return e
  }
  const milepost = (args: string[], files: Record<string, string> = {}): Ran => {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(built.dir, name), text)
    const r = spawnSync(process.execPath, [built.cli, ...args], { cwd: built.dir, env: env(), encoding: 'utf8', timeout: 30_000 })
    return { code: r.status, stdout: r.stdout, stderr: r.stderr }
  }
  /** Runs a shell pipeline in the same folder, where `milepost` is the built CLI: `milepost … | head -n 1`. */
  milepost.piped = (pipeline: string): Ran => {
    const r = spawnSync('/bin/sh', ['-c', pipeline.replace(/^milepost /, `"${process.execPath}" "${built.cli}" `)],
      { cwd: built.dir, env: env(), encoding: 'utf8', timeout: 30_000 })
    return { code: r.status, stdout: r.stdout, stderr: r.stderr }
  }
  return milepost
}

/** A recipe's text, by file name in examples/journeys/. */
export const recipe = (name: string): string => readFileSync(new URL(`../../examples/journeys/${name}`, import.meta.url), 'utf8')
