// The README is read on npm, where docs/ is not shipped: every link must be absolute, and each
// link into the repository must name a file or folder that exists.
import { existsSync, readFileSync, statSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const root = new URL('../', import.meta.url)
const REPO = 'https://github.com/milepost-dev/milepost/'
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'))
const links = [...readFileSync(new URL('README.md', root), 'utf8').matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!)

describe('README.md links', () => {
  it('are all absolute https URLs', () => {
    expect(links.length).toBeGreaterThan(10)
    expect(links.filter((l) => !l.startsWith('https://'))).toEqual([])
  })

  it('point into the repository that package.json names, at files and folders that exist', () => {
    expect(pkg.repository.url).toBe(`git+${REPO.slice(0, -1)}.git`)
    expect([pkg.homepage, pkg.bugs.url]).toEqual([`${REPO.slice(0, -1)}#readme`, `${REPO}issues`])
    const missing = links.filter((l) => l.startsWith(REPO)).flatMap((l) => {
      const m = /^(blob|tree)\/main\/([^#]+)/.exec(l.slice(REPO.length))
      if (!m) return [l]
      const path = new URL(m[2]!, root)
      return existsSync(path) && statSync(path).isDirectory() == (m[1] == 'tree') ? [] : [l]
    })
    expect(missing).toEqual([])
  })

  it('has a LICENSE file to link to, matching package.json', () => {
    expect(pkg.license).toBe('MIT')
    expect(readFileSync(new URL('LICENSE', root), 'utf8')).toMatch(/^MIT License/)
  })
})
