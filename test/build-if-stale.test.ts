// `npm start` rebuilds only when dist/ is missing or older than a source: isStale decides.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
// @ts-expect-error a plain .mjs script of the examples, without types
import { isStale } from '../examples/stale.mjs'

const stale = isStale as (root: string, inputs: string[], outputs: string[]) => boolean

describe('isStale', () => {
  const dirs: string[] = []
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })))
  /** A repository with src/a/b.ts and package.json at `t` seconds, and the given outputs at their times. */
  const repo = (t: number, outputs: Record<string, number>) => {
    const root = mkdtempSync(join(tmpdir(), 'milepost-stale-'))
    dirs.push(root)
    mkdirSync(join(root, 'src', 'a'), { recursive: true })
    mkdirSync(join(root, 'dist'))
    for (const [path, at] of Object.entries({ 'src/a/b.ts': t, 'package.json': t, ...outputs })) {
      writeFileSync(join(root, path), 'x')
      utimesSync(join(root, path), at, at)
    }
    return root
  }

  it('is false when every output is newer than every input, even a nested one', () => {
    expect(stale(repo(1_000, { 'dist/a.js': 2_000, 'dist/b.js': 2_000 }), ['src', 'package.json'], ['dist/a.js', 'dist/b.js'])).toBe(false)
  })

  it('is true when an output is missing, or older than a source file', () => {
    expect(stale(repo(1_000, { 'dist/a.js': 2_000 }), ['src', 'package.json'], ['dist/a.js', 'dist/b.js'])).toBe(true)
    const root = repo(1_000, { 'dist/a.js': 2_000 })
    utimesSync(join(root, 'src/a/b.ts'), 3_000, 3_000)
    expect(stale(root, ['src', 'package.json'], ['dist/a.js'])).toBe(true)
  })

  it('ignores inputs that do not exist', () => {
    expect(stale(repo(1_000, { 'dist/a.js': 2_000 }), ['src', 'nope.json'], ['dist/a.js'])).toBe(false)
  })
})
