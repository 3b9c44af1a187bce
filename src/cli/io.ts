// What the CLI touches in the world, passed in so `run` is a plain function tests call in-process.
import { readFileSync } from 'node:fs'

export interface Io {
  /** Reads a UTF-8 file; throws a Node error (with `code`) when it cannot. */
  readFile(path: string): string
  /** Writes to standard output (the command's result). */
  out(text: string): void
  /** Writes to standard error (usage errors, notes, warnings beside JSON output). */
  err(text: string): void
  /** Whether standard output may use ANSI colour: a terminal, and NO_COLOR unset. */
  colour: boolean
}

/** The real process: files from disk, colour only on a terminal without NO_COLOR (https://no-color.org). */
export const nodeIo = (): Io => ({
  readFile: (path) => readFileSync(path, 'utf8'),
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  colour: !!process.stdout.isTTY && !process.env.NO_COLOR,
})

/** A user error: printed as one line to stderr, never as a stack trace. `code` is the exit code. */
export interface Failure {
  fail: string
  code: number
  /** A command-line mistake: the message is followed by a pointer to --help. */
  usage?: true
}

export const failure = (fail: string, code = 2): Failure => ({ fail, code })
/** A Failure of the command line itself (exit code 2, with a pointer to --help). */
export const usage = (fail: string): Failure => ({ fail, code: 2, usage: true })
export const isFailure = (x: unknown): x is Failure => typeof x == 'object' && x !== null && 'fail' in x

/** A file's text, or a Failure naming the file and why it could not be read. */
export const readText = (io: Io, path: string, what = 'file'): string | Failure => {
  try {
    return io.readFile(path)
  } catch (e) {
    const code = (e as { code?: string }).code
    const why = code == 'ENOENT' ? 'no such file' : code == 'EISDIR' ? 'is a directory' : code == 'EACCES' ? 'permission denied' : String((e as Error).message ?? e)
    return failure(`cannot read ${what} ${path}: ${why}`)
  }
}
