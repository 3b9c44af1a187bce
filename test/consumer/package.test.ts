// The first hour of a developer, from the packed tarball in a fresh project: the README's
// snippets and a React component type-check, the server types need no @types/node, React renders
// on the server, Node gets an idle instance, a server runs on PGlite, stores fail fast, and the CLI works.
import { readFileSync, readdirSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { installPacked, repo, run, write } from './project'

/** The ```ts and ```tsx blocks of the README and docs/react.md, each as a module. */
const readmeSnippets = (): Record<string, string> => Object.fromEntries(['README.md', 'docs/react.md'].flatMap((doc) => {
  const md = readFileSync(join(repo, doc), 'utf8')
  const blocks = [...md.matchAll(/```(tsx?)\n([\s\S]*?)```/g)]
  return blocks.map(([, lang, text], i) => [`src/${doc.replace(/\W/g, '-')}-${i}.${lang}`, text + '\nexport {}\n'])
}))

const strict = {
  strict: true, noUncheckedIndexedAccess: true, exactOptionalPropertyTypes: true, skipLibCheck: false,
  target: 'ES2022', lib: ['ES2022', 'DOM', 'DOM.Iterable'], noEmit: true, resolveJsonModule: true,
  jsx: 'react-jsx', verbatimModuleSyntax: true,
}
/** What Vite and Next.js projects use. */
const bundler = { ...strict, module: 'esnext', moduleResolution: 'bundler' }
/** What a Node (or Deno-like) server project uses: the package's "exports" read strictly. */
const nodenext = { ...strict, module: 'nodenext', moduleResolution: 'nodenext' }

const journey = readFileSync(join(repo, 'examples/journeys/acme-onboarding.json'), 'utf8')

describe('the packed package in a fresh project', () => {
  let project: string
  let packed: string[]
  const node = (script: string, ...args: string[]) => run(process.execPath, ['--input-type=module', '-e', script, ...args], project)
  beforeAll(() => {
    const installed = installPacked()
    project = installed.project
    packed = installed.files
    write(project, {
      'onboarding.json': journey,
      'public/onboarding.json': journey,
      'tsconfig.json': JSON.stringify({ compilerOptions: { ...bundler, types: ['node'] }, include: ['src'] }),
      'tsconfig.fetch.json': JSON.stringify({ compilerOptions: { ...nodenext, types: [] }, files: ['fetch/worker.ts'] }),
      // An older project's resolution (no "exports" read): the subpaths' types through typesVersions.
      'tsconfig.node10.json': JSON.stringify({ compilerOptions: { ...strict, module: 'esnext', moduleResolution: 'node10', ignoreDeprecations: '6.0', types: [] }, files: ['node10/all.ts'] }),
      'node10/all.ts': [
        "import { createMilepost } from 'milepost'",
        "import { evaluate } from 'milepost/core'",
        "import { mountUi } from 'milepost/ui'",
        "import { MilepostProvider } from 'milepost/react'",
        "import { createMemoryStore } from 'milepost/server'",
        "import schema from 'milepost/schema.json'",
        'export const all = [createMilepost, evaluate, mountUi, MilepostProvider, createMemoryStore, schema.$id]',
      ].join('\n'),
      ...readmeSnippets(),
      // A Date trait, as a host's user record holds it (runtime.md: kept as its ISO string); error kinds named.
      'src/traits.ts': [
        "import { createMilepost } from 'milepost'",
        "import type { ErrorKind } from 'milepost'",
        "const mp = createMilepost({ storage: 'memory', user: { id: 'u1', traits: { signedUpAt: new Date(), plan: 'pro' } }, account: { id: 'a1', traits: { since: new Date() } } })",
        "export const later = mp.identify('u1', { upgradedAt: new Date() }, { id: 'a1', traits: { renewedAt: new Date() } })",
        "export const previewed = mp.preview({ day: 3, traits: { signedUpAt: new Date() } })",
        "mp.on('error', (e) => { const kind: ErrorKind | string = e.kind; if (e.kind === 'config') console.log(kind, e.issues) })",
      ].join('\n'),
      // Values that may be missing, as a host's session and environment give them: read as not given
      // (runtime.md), so the types take undefined under exactOptionalPropertyTypes too.
      'src/maybe.ts': [
        "import { createMilepost } from 'milepost'",
        "import { mountUi } from 'milepost/ui'",
        "declare const session: { userId?: string; plan?: string; accountId?: string } | undefined",
        "declare const env: Record<string, string | undefined>",
        "const mp = createMilepost({ endpoint: env.MILEPOST_ENDPOINT, locale: env.LOCALE, debug: undefined, user: { id: session?.userId, traits: session?.plan ? { plan: session.plan } : undefined } })",
        "export const unmount = mountUi(mp, { locale: env.LOCALE, position: env.SIDE === 'left' ? 'bottom-left' : undefined, container: undefined })",
        "export const again = mp.identify('u2', undefined, session?.accountId ? { id: session.accountId, traits: undefined } : undefined)",
        "export const previewed = mp.preview({ day: env.DAY ? Number(env.DAY) : undefined, traits: undefined, completed: undefined })",
      ].join('\n'),
      // An app's own UI on the headless instance: the types it renders from and what record() takes (runtime.md).
      'src/headless.ts': [
        "import { createMilepost } from 'milepost'",
        "import type { Nudge, NudgeCard, NudgeRequest, NudgeState, Tooltip, Tour, TourRequest, TourState, TourStep, UiEvent } from 'milepost'",
        "const mp = createMilepost({ storage: 'memory' })",
        "export const card = (n: NudgeState): [Nudge, NudgeCard | undefined] => [n.nudge, n.nudge.card]",
        "export const tips = (t: TourState): [Tour, readonly TourStep[]] => [t.tour, t.tour.steps]",
        "export const tip = (t: Tooltip): string => t.target",
        "const until = new Date(); until.setDate(until.getDate() + 1)",
        "const snooze: NudgeRequest = { type: 'nudge', nudgeId: 'n1', action: 'snoozed', until: until.getTime() }",
        "const next: TourRequest = { type: 'tour', tourId: 't1', action: 'step', step: 1 }",
        "export const recorded: Promise<void>[] = [snooze, next].map((e: UiEvent) => mp.record(e))",
        "// @ts-expect-error a snooze says when the card may come back",
        "export const lost = mp.record({ type: 'nudge', nudgeId: 'n1', action: 'snoozed' })",
      ].join('\n'),
      'src/json-config.ts': [
        "import { createMilepost } from 'milepost'",
        "import journey from '../onboarding.json'",
        'export const milepost = createMilepost({ config: journey, storage: \'memory\' })',
      ].join('\n'),
      'src/notice.ts': [
        "import { createMemoryStore, createSyncHandler } from 'milepost/server'",
        'export const handler = createSyncHandler({',
        '  store: createMemoryStore(), authorize: () => null,',
        '  onEscalation: (notice) => { const level: number = notice.event.level; console.log(level) },',
        '  onDelegate: (notice) => { const name: string = notice.event.name; console.log(name) },',
        '})',
      ].join('\n'),
      'fetch/worker.ts': [
        "import { createMemoryStore, createSyncHandler } from 'milepost/server'",
        'const handler = createSyncHandler({ store: createMemoryStore(), authorize: () => ({ userId: "u1" }) })',
        'export default { fetch: (request: Request): Promise<Response> => handler(request) }',
      ].join('\n'),
    })
    for (const file of ['app/layout.tsx', 'app/onboarding.tsx', 'app/api/milepost/[...path]/route.ts']) {
      write(project, { [join('src/nextjs', file)]: readFileSync(join(repo, 'examples/nextjs', file), 'utf8') })
    }
  }, 180_000)
  afterAll(() => {
    if (project) rmSync(dirname(project), { recursive: true, force: true })
  })

  it('has every file package.json names (exports, bin, main, types, unpkg)', () => {
    const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { exports: Record<string, string | Record<string, string>>; bin: Record<string, string>; [field: string]: unknown }
    const named = new Set([
      ...Object.values(pkg.exports).flatMap((v) => (typeof v === 'string' ? [v] : Object.values(v))),
      ...Object.values(pkg.bin), ...['main', 'module', 'types', 'unpkg', 'jsdelivr'].map((f) => pkg[f] as string),
    ].map((p) => p.replace(/^\.\//, '')))
    expect([...named].filter((p) => !packed.includes(p))).toEqual([])
    expect(packed.filter((p) => p.startsWith('dist/') && p.endsWith('.d.ts')).length).toBeGreaterThanOrEqual(5)
  })

  it('carries the docs the README links to (node_modules/milepost/docs: an npm user reads them offline)', () => {
    const linked = new Set(readFileSync(join(repo, 'README.md'), 'utf8').match(/docs\/[\w-]+\.md/g))
    expect(linked.size).toBeGreaterThan(10)
    expect([...linked].filter((p) => !packed.includes(p))).toEqual([])
  })

  it('type-checks the README snippets, an imported journey JSON, narrowed notices and the Next.js example (strict, no skipLibCheck)', () => {
    const tsc = run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], project)
    expect(tsc.stdout + tsc.stderr).toBe('')
    expect(tsc.status).toBe(0)
    expect(Object.keys(readmeSnippets()).length).toBeGreaterThanOrEqual(6)
  })

  it('type-checks every entry point under the older node10 resolution, which reads typesVersions, not exports', () => {
    const tsc = run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.node10.json'], project)
    expect(tsc.stdout + tsc.stderr).toBe('')
    expect(tsc.status).toBe(0)
  })

  it('type-checks the server for a Fetch runtime without @types/node (nodenext: the exports map read strictly)', () => {
    const tsc = run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.fetch.json'], project)
    expect(tsc.stdout + tsc.stderr).toBe('')
    expect(tsc.status).toBe(0)
  })

  it('bundles the server for a Worker with the memory store, without Node built-ins or a database driver, and the bundle answers a sync', async () => {
    const { rolldown } = await import('rolldown')
    write(project, {
      'fetch/worker.js': [
        "import { createMemoryStore, createSyncHandler } from 'milepost/server'",
        "const handler = createSyncHandler({ store: createMemoryStore(), authorize: () => ({ userId: 'u1' }) })",
        'export default { fetch: (request) => handler(request) }',
      ].join('\n'),
    })
    const warnings: string[] = []
    const bundle = await rolldown({ input: join(project, 'fetch/worker.js'), cwd: project, platform: 'browser', onwarn: (w) => void warnings.push(w.message) })
    await bundle.write({ file: join(project, 'fetch/out/worker.mjs'), format: 'esm' })
    expect(warnings.filter((w) => /node:|\bpg\b|pglite|resolve/i.test(w))).toEqual([])
    const body = JSON.stringify({ protocol: 1, batchId: 'b1', userId: 'u1', journeyId: 'j', events: [{ id: 'e1', type: 'track', name: 'x', at: Date.now() }] })
    const answer = node(`const w = (await import('./fetch/out/worker.mjs')).default
      const r = await w.fetch(new Request('http://x/sync', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: ${JSON.stringify(body)} }))
      console.log(r.status, (await r.json()).acked)`)
    expect(answer.stdout.trim()).toBe('200 [ \'e1\' ]')
  })

  it('renders the React provider and hook with react-dom/server, and gives Node an idle instance that settles at once', () => {
    const r = node(`
      import { createElement } from 'react'
      import { renderToString } from 'react-dom/server'
      import { MilepostProvider, useMilepost } from 'milepost/react'
      import { createMilepost } from 'milepost'
      const Badge = () => { const { state } = useMilepost(); return createElement('b', null, state.ready ? 'ready' : 'later ' + state.user.id) }
      const html = renderToString(createElement(MilepostProvider, { options: { configUrl: '/onboarding.json', user: { id: 'u1' } } }, createElement(Badge)))
      const mp = createMilepost({ configUrl: '/onboarding.json', user: { id: 'u1' } })
      const settled = await Promise.race([Promise.all([mp.init(), mp.track('x'), mp.flush()]).then(() => true), new Promise((r) => setTimeout(() => r(false), 1000))])
      console.log(JSON.stringify({ html, settled, state: { ready: mp.getState().ready, reason: mp.getState().reason } }))
    `)
    expect(r.stderr).toBe('')
    const out = JSON.parse(r.stdout.trim().split('\n').pop()!)
    expect(out).toEqual({ html: '<b>later u1</b>', settled: true, state: { ready: false, reason: 'no-browser' } })
    expect(r.stdout).toMatch(/\[milepost\] no browser: stays idle/)
    expect(readFileSync(join(project, 'node_modules/milepost/dist/react.js'), 'utf8')).toMatch(/^'use client';/)
  })

  it('runs a sync server on the embedded PGlite store', () => {
    const r = node(`
      import { createServer } from 'node:http'
      import { createPgliteStore, createSyncHandler, toNodeListener } from 'milepost/server'
      const store = createPgliteStore()
      const handler = createSyncHandler({ store, authorize: (req) => ({ userId: req.headers.get('authorization').slice(7) }) })
      const server = createServer(toNodeListener(handler, { basePath: '/api/milepost' }))
      await new Promise((r) => server.listen(0, '127.0.0.1', r))
      const base = 'http://127.0.0.1:' + server.address().port + '/api/milepost'
      const body = JSON.stringify({ protocol: 1, batchId: 'b1', userId: 'u1', journeyId: 'j', events: [{ id: 'e1', type: 'complete', stepId: 's1', at: Date.now() }] })
      const sync = await fetch(base + '/sync', { method: 'POST', headers: { authorization: 'Bearer u1', 'content-type': 'text/plain' }, body })
      const read = await fetch(base + '/progress?userId=u1&journeyId=j', { headers: { authorization: 'Bearer u1' } })
      console.log(JSON.stringify({ sync: sync.status, steps: Object.keys((await read.json()).progress.steps) }))
      server.close()
      await store.close()
    `)
    expect(r.stderr).toBe('')
    expect(JSON.parse(r.stdout.trim())).toEqual({ sync: 200, steps: ['s1'] })
  })

  it('refuses to create a PostgreSQL store without pg installed, or without a connection string, saying what to do', () => {
    const r = node(`
      import { createPostgresStore } from 'milepost/server'
      for (const options of [{ connectionString: 'postgres://db/app' }, { connectionString: process.env.NOT_SET_ANYWHERE }]) {
        try { createPostgresStore(options); console.log('created') } catch (e) { console.log(e.message) }
      }
    `)
    expect(r.stdout).toBe('milepost: createPostgresStore needs the `pg` package, which is not installed: npm install pg' +
      ' (or another store: createPgliteStore, createPostgresStore, createMemoryStore)\n' +
      'milepost: createPostgresStore needs `connectionString`, got undefined (is DATABASE_URL set?)\n')
  })

  it('runs the CLI: validate passes a valid journey, lists its manual steps, and --strict fails on a warning', () => {
    const bin = join('node_modules', '.bin', 'milepost')
    const ok = run(bin, ['validate', 'onboarding.json'], project)
    expect([ok.status, ok.stderr]).toEqual([0, ''])
    expect(ok.stdout).toMatch(/^onboarding\.json: valid \(\d+ milestones, \d+ steps, \d+ nudges\)/)
    write(project, { 'warn.json': JSON.stringify({ ...JSON.parse(journey), internalNotes: 'x' }) })
    expect(run(bin, ['validate', 'warn.json'], project).status).toBe(0)
    const strictRun = run(bin, ['validate', '--strict', 'warn.json'], project)
    expect([strictRun.status, strictRun.stdout.trim().split('\n').pop()]).toEqual([1, 'warn.json: 1 warning (--strict: warnings fail)'])
  })

  it('ships the recipes\' journeys: a PM simulates one from node_modules as docs/recipes.md says (bb-r25: the package had dist/ alone)', () => {
    const bin = join('node_modules', '.bin', 'milepost')
    const file = 'node_modules/milepost/examples/journeys/stalled-recovery.json'
    const sim = run(bin, ['simulate', file, '--traits', '{"signedUpAt":"2026-03-02T09:00:00Z"}', '--days', '2'], project)
    expect([sim.status, sim.stderr]).toEqual([0, ''])
    expect(sim.stdout).toMatch(/day 0/i)
    expect(run(bin, ['validate', '--strict', ...readdirSync(join(project, 'node_modules/milepost/examples/journeys')).map((f) => `node_modules/milepost/examples/journeys/${f}`)], project).status).toBe(0)
  })

  it('ships the Next.js example docs/react.md and docs/server.md link to (bb-r29: it was in the repository only)', () => {
    const example = join(project, 'node_modules/milepost/examples/nextjs')
    for (const file of ['README.md', 'next.config.mjs', 'app/layout.tsx', 'app/onboarding.tsx', 'app/api/milepost/[...path]/route.ts']) {
      expect(readFileSync(join(example, file), 'utf8').length).toBeGreaterThan(0)
    }
    // Its config keeps the drivers, not milepost (whose React would not be the app's), out of the bundle.
    expect(readFileSync(join(example, 'next.config.mjs'), 'utf8')).toMatch(/serverExternalPackages: \['@electric-sql\/pglite', 'pg'\]/)
  })
})
