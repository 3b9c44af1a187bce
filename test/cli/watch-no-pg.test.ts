// `milepost watch` where the optional peer `pg` is not installed: one line saying what to install,
// exit 2 (an environment the command cannot use), never "internal error" (docs/cli.md).
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { watchCommand } from '../../src/cli/watch'
import { aJourney } from '../builders'

// The store as it is without `pg`: its own check (requireDriver), with a resolver that finds nothing.
vi.mock('../../src/server/postgres-store', async (original) => {
  const { requireDriver } = await import('../../src/server/driver')
  return {
    ...(await original<object>()),
    createPostgresStore: () => {
      requireDriver('createPostgresStore', 'pg', (name) => {
        throw new Error(`Cannot find package '${name}'`)
      })
      throw new Error('the test expected requireDriver to throw')
    },
  }
})

describe('milepost watch without `pg`', () => {
  it('says in one line that it needs `npm install pg`, and exits 2', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mp-watch-')), 'journey.json')
    writeFileSync(file, JSON.stringify(aJourney()))
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
    let code: number | string
    try {
      code = await watchCommand([file, '--once', '--database-url', 'postgres://u:p@127.0.0.1:1/app'])
    } catch (error) {
      code = `threw: ${error instanceof Error ? error.message : String(error)}`
    }
    const said = err.mock.calls.map((c) => String(c[0])).join('')
    err.mockRestore()
    out.mockRestore()
    expect(code).toBe(2)
    expect(said).toBe('milepost watch: needs the `pg` package, which is not installed: npm install pg\n')
  })
})
