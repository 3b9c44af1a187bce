// Builds: ESM for npm (deps external), the script tag (a minified IIFE, dist/milepost.min.js, plus
// the UI it imports from beside itself when there is something to show, dist/milepost-ui.min.js),
// minified ESM of each entry for the size budgets, rolled-up .d.ts per entry, and schema.json.
import { createHash } from 'node:crypto'
import { readFileSync, readdirSync } from 'node:fs'
import { resolve as resolvePath } from 'node:path'
import resolve from '@rollup/plugin-node-resolve'
import replace from '@rollup/plugin-replace'
import terser from '@rollup/plugin-terser'
import typescript from '@rollup/plugin-typescript'
import { dts } from 'rollup-plugin-dts'
import { DEMO_FILES } from './examples/demo-files.mjs'

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'))
const external = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})]
const isExternal = (id) => id.startsWith('node:') || external.some((d) => id === d || id.startsWith(d + '/'))

const ts = (target) => typescript({
  tsconfig: './tsconfig.json',
  ...(target ? { target } : {}),
  include: ['src/**/*.ts', 'src/**/*.tsx'],
  noEmit: false,
  declaration: false,
  outputToFilesystem: false,
  // Type errors are `npm run typecheck`'s job: checking the whole program again in each of the
  // seven builds made a fresh clone's first `npm start` take minutes.
  noCheck: true,
})
const prod = () => replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': JSON.stringify('production') } })
const min = (eager = false, passes = 2) => terser({
  ecma: 2022, module: true, compress: { passes },
  // V8's explicit compile hint: every function of the file is compiled while it streams in, off the
  // main thread, instead of on its first call. Only for files whose functions run as soon as they
  // load (the UI's first draw, the validator), not the first file (half of it never runs for a done user).
  format: { comments: false, ...(eager ? { preamble: '//# allFunctionsCalledOnLoad' } : {}) },
})
/**
 * Which build a browser file is of: a hash of the package version and what the files are made of
 * (every source file, the locked dependencies). Chunks are asked for with `?v=<build>` and the
 * browser's memories (a journey found valid, a quiet start) are keyed by it, so two builds of one
 * version (a fix built from source, a pre-release) never pair an old chunk with a new first file
 * from a long-cached folder, nor reuse a verdict of another validator (bb-r30 upgrade run).
 */
export const buildId = (sources = 'src', lock = 'package-lock.json', version = pkg.version) => {
  const hash = createHash('sha256').update(version)
  const walk = (dir) => readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1)).forEach((e) => {
    const path = dir + '/' + e.name
    if (e.isDirectory()) walk(path)
    else hash.update(path).update(readFileSync(path))
  })
  walk(sources)
  try {
    hash.update(readFileSync(lock))
  } catch {
    // a checkout without a lock file: the sources alone
  }
  // Five base-36 characters, the length of "0.1.0": the first file pays nothing for the hash.
  return parseInt(hash.digest('hex').slice(0, 8), 16).toString(36).padStart(5, '0').slice(0, 5)
}
const version = replace({ preventAssignment: true, values: { __MILEPOST_BUILD__: JSON.stringify(buildId()) } })
const copySchema = {
  name: 'copy-schema',
  generateBundle() {
    this.emitFile({ type: 'asset', fileName: 'schema.json', source: readFileSync('src/schema.json', 'utf8') })
  },
}

/** Entries that ship as ESM for npm users, with their .d.ts. */
const entries = { index: 'src/index.ts', core: 'src/core/index.ts', server: 'src/server/index.ts', ui: 'src/ui/index.ts', react: 'src/react/index.ts' }
/**
 * Minified, self-contained builds measured by the size budgets (test/size.mjs). `milepost-ui.min`
 * is also the script tag's UI file: an ES module (preact, components, CSS; floating-ui from a file beside it) that
 * dist/milepost.min.js loads with `import()` from its own URL.
 */
const measured = {
  'core.min': 'src/core/index.ts', 'headless.min': 'src/index.ts', 'milepost-ui.min': 'src/ui/index.ts',
  // `milepost/ui` as an npm user's bundler ships it: floating-ui inside (the script tag's UI file loads it apart).
  'ui.min': 'src/ui/index.ts',
}
/**
 * Modules the script tag's first file does not carry: there, every import of `module` resolves to
 * `loader`, which loads dist/`file`.js from beside the script (`lazy()` in src/adapters/chunk.ts)
 * when first needed, and `module` is built alone as that file. A returning user's page with
 * nothing to show runs none of them, so downloads the first file alone. npm builds import the
 * modules as they are (synchronously). Each file bundles what its module imports, pure functions
 * (the engine's) mostly; one that writes the stores groups its writes with `stores.batch`, the
 * first file's own (another copy's `batch` would not hold the first file's stores' notifications).
 */
const lazyChunks = [
  // The engine (evaluate, the lifecycle diff, escalations, which page triggers a state needs): not
  // for a page that starts from a quiet state an earlier page remembered (a journey done, or empty
  // for this user, with nothing left that can hold or start: core/quiet.ts). Fetched as the tag
  // starts on every other page.
  // The file also carries what tells a quiet state (`input`), which npm builds never use.
  { module: 'src/runtime/engine.ts', loader: 'src/runtime/engine.lazy.ts', file: 'milepost-engine.min', input: 'src/runtime/engine-file.ts' },
  // The validator: only for a journey this version has not found clean in this browser before.
  { module: 'src/core/validate.ts', loader: 'src/adapters/validator.ts', file: 'milepost-validate.min', input: 'src/adapters/validate-file.ts' },
  // `?milepost-preview` and `preview()`. The file also reads what a preview URL asks for (`input`).
  { module: 'src/runtime/preview-session.ts', loader: 'src/runtime/preview-session.lazy.ts', file: 'milepost-preview.min', input: 'src/runtime/preview-file.ts' },
  // The anti-entropy push's splitting: only when the server lacks something this browser has.
  { module: 'src/sync/chunks.ts', loader: 'src/sync/chunks.lazy.ts', file: 'milepost-chunks.min' },
  // The page's triggers (URLs, clicks, elements seen): only once a state needs them (core's
  // `watchesPage`: a step open on the page, a tour running or startable, a `seen` nudge), or a tour
  // step waits for an element. A returning user whose journey is done does not download it.
  { module: 'src/runtime/triggers.ts', loader: 'src/runtime/triggers.lazy.ts', file: 'milepost-triggers.min' },
  // What moves tours (startTour, Next/Back, a step's `advanceOn`, a tour's `startWhen`): only for a
  // journey with tours for this user. Where tours stand stays in the engine, in the first file.
  { module: 'src/runtime/tours.ts', loader: 'src/runtime/tours.lazy.ts', file: 'milepost-tours.min' },
  // A sync endpoint's answers other than an acknowledgement (an error, a refusal, a batch too large,
  // a GET without a document): only once a server answers so. No answer at all stays in the first file.
  { module: 'src/sync/trouble.ts', loader: 'src/sync/trouble.lazy.ts', file: 'milepost-trouble.min' },
  // floating-ui, in the UI file (not the first): only once a tooltip's target is on the page
  // (a tooltip, a tour step's dialog, a hotspot). A page with a checklist and nothing to point at
  // does not download it. Loaded from beside the UI file (src/ui/floating.lazy.ts).
  { module: 'src/ui/floating.ts', loader: 'src/ui/floating.lazy.ts', file: 'milepost-floating.min' },
]
/**
 * Modules the script tag's first file carries in a version of its own, without a file of their own:
 * the page-only side of a module that npm builds also run outside a browser.
 */
const tagModules = [{ module: 'src/runtime/no-browser.ts', loader: 'src/runtime/no-browser.tag.ts' }]
const lazyModules = {
  name: 'lazy-chunks',
  async resolveId(source, importer, options) {
    if (!importer || !source.startsWith('.')) return null
    const resolved = await this.resolve(source, importer, { ...options, skipSelf: true })
    const hit = resolved && [...lazyChunks, ...tagModules].find((c) => resolved.id === resolvePath(c.module))
    return hit && importer !== resolvePath(hit.loader) ? resolvePath(hit.loader) : resolved
  },
}
for (const c of lazyChunks) measured[c.file] = c.input ?? c.module
/** Script-tag files compiled eagerly (`min`): each runs as soon as it has loaded (the engine's first state: 41 → 31 ms on a returning visit). */
const eager = ['milepost-ui.min', 'milepost-validate.min', 'milepost-engine.min', 'milepost-floating.min']

const all = [
  {
    input: entries,
    external: isExternal,
    plugins: [resolve(), ts(), copySchema],
    output: {
      dir: 'dist', format: 'es', entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js',
      // Next.js (React Server Components) needs the directive to run the provider and hook on the client.
      banner: (chunk) => (chunk.isEntry && chunk.name === 'react' ? "'use client';" : ''),
    },
  },
  ...Object.entries(measured).map(([name, input]) => ({
    input,
    // The UI file is the script tag's too: its lazy modules (floating-ui) load from beside it.
    plugins: [...(name == 'milepost-ui.min' ? [lazyModules] : []), resolve({ browser: true }), prod(), version, ts('ES2022'), min(eager.includes(name))],
    output: { file: `dist/${name}.js`, format: 'es' },
  })),
  {
    input: 'src/global.ts',
    // A third pass: 20-odd bytes of the first file, the one every page downloads.
    plugins: [lazyModules, resolve({ browser: true }), prod(), version, ts('ES2022'), min(false, 3)],
    output: { file: 'dist/milepost.min.js', format: 'iife', name: 'MilepostBundle' },
  },
  // The dashboard page (dist/dashboard.js) that createDashboardHandler serves: preact bundled in.
  // Nothing of the SDK imports it.
  {
    input: 'src/dashboard/index.tsx',
    plugins: [resolve({ browser: true }), prod(), ts(), min()],
    output: { file: 'dist/dashboard.js', format: 'iife' },
  },
  // The `milepost` command (package.json "bin"): Node only, the engine bundled in.
  {
    input: 'src/cli/index.ts',
    // `milepost watch` loads the server's PostgreSQL store: pg stays the user's optional peer.
    external: (id) => id.startsWith('node:') || id === 'pg' || id === '@electric-sql/pglite',
    plugins: [resolve(), ts()],
    output: { file: 'dist/cli.js', format: 'es', banner: '#!/usr/bin/env node', inlineDynamicImports: true },
  },
  {
    input: entries,
    external: isExternal,
    plugins: [dts({ tsconfig: './tsconfig.json' })],
    output: { dir: 'dist', format: 'es', entryFileNames: '[name].d.ts' },
  },
]

// MILEPOST_BUILD=demo (examples/build-if-stale.mjs) builds only those, for a quick first start.
export default process.env.MILEPOST_BUILD === 'demo'
  ? all.filter((c) => c.input === entries && c.output.entryFileNames === '[name].js' || DEMO_FILES.includes(c.output.file))
  : all
