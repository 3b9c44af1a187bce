// The build id the script tag's chunks are asked for with (`?v=<build>`) and its browser memories
// are keyed by: one for each build, not each version (bb-r30 upgrade run: two builds of 0.1.0 shared
// `?v=0.1.0`, so a long-cached old validator met a new first file and refused every journey).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
// @ts-expect-error rollup.config.mjs is plain JavaScript
import { buildId } from '../rollup.config.mjs'

const id = buildId as (sources?: string, lock?: string, version?: string) => string
const dir = mkdtempSync(join(tmpdir(), 'milepost-build-id-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const tree = (files: Record<string, string>) => {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, 'src', path, '..'), { recursive: true })
    writeFileSync(join(dir, 'src', path), text)
  }
  return [join(dir, 'src'), join(dir, 'lock.json')] as const
}

describe('the build id', () => {
  it('is five base-36 characters (the first file pays nothing over "0.1.0"), the same for the same build', () => {
    writeFileSync(join(dir, 'lock.json'), '{"lockfileVersion":3}')
    const [src, lock] = tree({ 'a.ts': 'export const a = 1', 'core/b.ts': 'export const b = 2' })
    const first = id(src, lock, '0.1.0')
    expect(first).toMatch(/^[0-9a-z]{5}$/)
    expect(id(src, lock, '0.1.0')).toBe(first)
    expect(id()).toMatch(/^[0-9a-z]{5}$/) // this checkout's
  })

  it('changes with a source file, a file added, the locked dependencies and the version', () => {
    writeFileSync(join(dir, 'lock.json'), '{"lockfileVersion":3}')
    const [src, lock] = tree({ 'a.ts': 'export const a = 1', 'core/b.ts': 'export const b = 2' })
    const seen = new Set([id(src, lock, '0.1.0')])
    tree({ 'core/b.ts': 'export const b = 3' })
    seen.add(id(src, lock, '0.1.0'))
    tree({ 'core/c.ts': '' })
    seen.add(id(src, lock, '0.1.0'))
    writeFileSync(lock, '{"lockfileVersion":3,"packages":{"node_modules/preact":{"version":"10.99.0"}}}')
    seen.add(id(src, lock, '0.1.0'))
    seen.add(id(src, lock, '0.1.1'))
    expect(seen.size).toBe(5)
  })
})
