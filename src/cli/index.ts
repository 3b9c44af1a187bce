// The `milepost` executable (dist/cli.js, with a `#!/usr/bin/env node` banner): Node only.
import { nodeIo } from './io'
import { run } from './run'

// `milepost simulate … | head` closes the pipe early: that is not an error worth a stack trace.
// Any other write error (a full disk) ends the command with EX_IOERR, quietly too.
for (const s of [process.stdout, process.stderr]) {
  s.on('error', (e: NodeJS.ErrnoException) => process.exit(e.code == 'EPIPE' ? 0 : 74))
}

try {
  const argv = process.argv.slice(2)
  // `watch` runs until stopped (and needs the server code): loaded only for that command.
  if (argv[0] === 'watch') process.exitCode = await (await import('./watch')).watchCommand(argv.slice(1))
  else process.exitCode = run(argv, nodeIo())
} catch (e) {
  // Only a bug gets here: say so in one line, with the message, and exit like a crashed tool.
  process.stderr.write(`milepost: internal error: ${e instanceof Error ? e.message : String(e)}\nPlease report it with the command you ran.\n`)
  process.exitCode = 70
}
