// `milepost watch` where it cannot start: a DATABASE_URL that is not PostgreSQL's is a wrong input
// (exit 2, said as such), not a host that was not found (docs/cli.md, `milepost watch`).
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { watchCommand } from '../../src/cli/watch'
import { aJourney } from '../builders'

const journeyFile = () => {
  const file = join(mkdtempSync(join(tmpdir(), 'mp-watch-')), 'journey.json')
  writeFileSync(file, JSON.stringify(aJourney()))
  return file
}

describe('milepost watch with a database URL that is not PostgreSQL\'s', () => {
  const saved = process.env.DATABASE_URL
  afterEach(() => {
    if (saved === undefined) delete process.env.DATABASE_URL
    else process.env.DATABASE_URL = saved
  })

  it.each([
    ['DATABASE_URL', 'notaurl', []],
    ['DATABASE_URL', 'mysql://u:secret@db.example.com/app', []],
    ['--database-url', 'host=localhost dbname=app', ['--database-url', 'host=localhost dbname=app']],
  ])('says %s %j is not a PostgreSQL URL (exit 2), without echoing it', async (source, url, argv) => {
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    if (argv.length) delete process.env.DATABASE_URL
    else process.env.DATABASE_URL = url
    const code = await watchCommand([journeyFile(), '--once', ...argv])
    const said = err.mock.calls.map((c) => String(c[0])).join('')
    err.mockRestore()
    expect(code).toBe(2)
    expect(said).toContain(`milepost watch: ${source}: not a PostgreSQL URL: expected postgres://user:password@host:5432/database\n`)
    expect(said).not.toContain('ENOTFOUND')
    expect(said).not.toContain('secret')
  })
})

// bb-r31 (own changes): a file that is not JSON was told in the parser's words ("… at position 13"),
// and a file with warnings started without them; `milepost validate` says both at their lines.
describe('milepost watch with journey files that have errors or warnings', () => {
  const saved = process.env.DATABASE_URL
  afterEach(() => {
    if (saved === undefined) delete process.env.DATABASE_URL
    else process.env.DATABASE_URL = saved
  })
  const run = async (text: string) => {
    const file = join(mkdtempSync(join(tmpdir(), 'mp-watch-')), 'j.json')
    writeFileSync(file, text)
    process.env.DATABASE_URL = 'notaurl' // past the files, the command stops here (exit 2)
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    const code = await watchCommand([file, '--once'])
    const said = err.mock.calls.map((c) => String(c[0])).join('').replaceAll(file, 'j.json')
    err.mockRestore()
    return [code, said.split('\n').filter((l) => !l.includes('PostgreSQL URL') && !(l.startsWith('Run milepost') && said.includes('PostgreSQL URL')))]
  }

  it('says a file that is not JSON, and each error, at its line and column, as milepost validate does', async () => {
    expect(await run('{"version": 1\n "id": "x"}')).toEqual([2, ['milepost watch: j.json:2:2 invalid JSON: expected "," or "}" after a property, found "\\""', '']])
    const [code, said] = await run(JSON.stringify({ ...aJourney(), version: 2, title: '' }, null, 1))
    expect(code).toBe(2)
    expect(said).toEqual([
      'milepost watch: j.json:2:13 version: expected 1, got 2',
      'milepost watch: j.json:4:11 title: expected a string of 1 to 1000 characters, got a string ("")', '',
    ])
  })

  it('says a file\'s warnings and goes on', async () => {
    const [, said] = await run(JSON.stringify({ ...aJourney(), colour: 'blue' }, null, 1))
    expect(said).toEqual(['milepost watch: j.json:23:2 colour: warning: unknown field "colour"', ''])
  })
})

describe('milepost watch with a webhook secret that cannot sign', () => {
  const saved = { ...process.env }
  afterEach(() => {
    for (const k of ['DATABASE_URL', 'ESCALATION_WEBHOOK_URL', 'ESCALATION_WEBHOOK_SECRET']) {
      if (saved[k] === undefined) delete process.env[k]
      else process.env[k] = saved[k]
    }
  })

  /** `milepost watch --once` with this webhook secret, and a database that is not there; what it wrote to stderr. */
  const watchOnce = async (secret: string) => {
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    process.env.DATABASE_URL = 'postgres://u@127.0.0.1:1/none'
    process.env.ESCALATION_WEBHOOK_URL = 'http://127.0.0.1:1/hook'
    process.env.ESCALATION_WEBHOOK_SECRET = secret
    try {
      const code = await watchCommand([journeyFile(), '--once'])
      return { code, said: err.mock.calls.map((c) => String(c[0])).join('') }
    } finally {
      err.mockRestore()
    }
  }

  it('exits 2 naming the secret, before it looks at the database, without echoing it', async () => {
    const { code, said } = await watchOnce('my-secret-password')
    expect(code).toBe(2)
    expect(said).toContain('milepost watch: ESCALATION_WEBHOOK_URL or ESCALATION_WEBHOOK_SECRET: createWebhookForwarder: secret must be a Standard Webhooks secret')
    expect(said).not.toContain('my-secret-password')
  })

  it('takes several space-separated secrets while one is rotated, and still refuses one among them that cannot sign', async () => {
    // Past the secrets to the database, which is not there: --once exits 1 (not 2, a wrong setting).
    const rotating = await watchOnce(' whsec_bmV3IHNlY3JldA==  whsec_b2xkIHNlY3JldA== ')
    const wrong = await watchOnce('whsec_bmV3IHNlY3JldA== my-secret-password')
    expect((await watchOnce('   ')).code).toBe(2) // set, but blank: a mistake, not "unsigned"
    expect(rotating.code).toBe(1)
    expect(wrong.code).toBe(2)
    expect(wrong.said).toContain('ESCALATION_WEBHOOK_SECRET: createWebhookForwarder: secret must be a Standard Webhooks secret')
    expect(rotating.said + wrong.said).not.toContain('my-secret-password')
  })
})
