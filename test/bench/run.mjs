// `npm run bench`: runs every benchmark in this folder, one fresh Node process each, in name order.
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const dir = fileURLToPath(new URL('.', import.meta.url))
const only = process.argv[2]
let failed = 0
for (const file of readdirSync(dir).filter((f) => f.endsWith('.mjs') && f !== 'run.mjs').sort()) {
  if (only && !file.includes(only)) continue
  console.log(`\n## ${file}`)
  const { status } = spawnSync(process.execPath, ['--expose-gc', dir + file], { stdio: 'inherit' })
  if (status !== 0) failed++
}
process.exit(failed ? 1 : 0)
