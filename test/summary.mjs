// Prints one closing line over every vitest run of `npm test`: "Tests: N passed, N failed".
import { existsSync, readFileSync } from 'node:fs'

let passed = 0
let failed = 0
for (const file of ['.tmp/sdk.json', '.tmp/cli.json', '.tmp/server.json', '.tmp/consumer.json', '.tmp/browser.json']) {
  if (!existsSync(file)) continue
  const report = JSON.parse(readFileSync(file, 'utf8'))
  passed += report.numPassedTests
  failed += report.numFailedTests + (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0)
}
console.log(`Tests: ${passed} passed, ${failed} failed`)
if (failed > 0 || passed === 0) process.exit(1)
