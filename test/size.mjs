// Size budgets: every entry of package.json "size-limit", gzip -9 of the built file (or the sum
// over several files: what a browser downloads in all). Fails when a figure passes its `limit`
// (the ceiling that stops regressions); `target` is the goal an issue set, printed with the gap
// until it is met.
import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'

const pkg = JSON.parse(readFileSync('package.json', 'utf8'))
const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`
let over = 0
for (const { name, path, limit, target } of pkg['size-limit']) {
  const bytes = [path].flat().reduce((sum, file) => sum + gzipSync(readFileSync(file), { level: 9 }).length, 0)
  const ok = bytes <= parseFloat(limit) * 1024
  if (!ok) over++
  const goal = target === undefined ? '' : bytes <= parseFloat(target) * 1024 ? `, target ${target} met` : `, target ${target}: ${kb(bytes - parseFloat(target) * 1024)} over`
  console.log(`${ok ? 'ok  ' : 'OVER'} ${name.padEnd(58)} ${kb(bytes)} gzip (limit ${limit}${goal})`)
}
if (over) {
  console.error(`${over} size limit(s) exceeded`)
  process.exit(1)
}
