// `npm start` and `npm run seed` call this first: it builds what the demo loads only when dist/ is
// missing or older than a source file, so a second start begins at once. Force a build with
// `npm run build`.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DEMO_FILES } from './demo-files.mjs'
import { isStale } from './stale.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const inputs = ['src', 'rollup.config.mjs', 'package.json', 'tsconfig.json', 'examples/demo-files.mjs']
const stale = isStale(root, inputs, DEMO_FILES)

if (stale) {
  const started = Date.now()
  console.log('Milepost demo: building dist/ (the demo files only; npm run build makes everything)…')
  const rollup = join(root, 'node_modules', 'rollup', 'dist', 'bin', 'rollup')
  const run = spawnSync(process.execPath, [rollup, '-c', '--silent'], {
    cwd: root, stdio: 'inherit', env: { ...process.env, MILEPOST_BUILD: 'demo' },
  })
  if (run.status !== 0) process.exit(run.status ?? 1)
  console.log(`Milepost demo: built in ${((Date.now() - started) / 1000).toFixed(1)} s`)
}
