// Size budgets: every entry of package.json "size-limit", gzip -9 of the built file, fails over budget.
import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'

const pkg = JSON.parse(readFileSync('package.json', 'utf8'))
let over = 0
for (const { name, path, limit } of pkg['size-limit']) {
  const bytes = gzipSync(readFileSync(path), { level: 9 }).length
  const budget = parseFloat(limit) * 1024
  const ok = bytes <= budget
  if (!ok) over++
  console.log(`${ok ? 'ok  ' : 'OVER'} ${name.padEnd(28)} ${(bytes / 1024).toFixed(2)} KB gzip (budget ${limit})`)
}
if (over) {
  console.error(`${over} size budget(s) exceeded`)
  process.exit(1)
}
