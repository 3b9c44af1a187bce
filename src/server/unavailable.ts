// Which store failures mean "the database is away for now" (answer 503 and let the client retry)
// and which mean "this data cannot be stored" (refuse it, so it cannot block the events after it).

/** SQLSTATE classes and codes of a connection lost or refused: 08 connection exception, 57P01-57P03 shutdown, 53300 too many connections. */
const GONE_STATES = /^(08...|57P0[123]|53300|40001|40P01)$/
const GONE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'])
// What `pg` says when a socket ends without an SQLSTATE.
const GONE_TEXT = /Connection terminated|connection error|timeout exceeded when trying to connect|Client was closed|not queryable|Connection ended/i

const codeOf = (error: unknown): string => {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code == 'string' ? code : ''
}

/**
 * Whether a store error means the database is unreachable, restarting or overloaded, or the
 * transaction lost a race worth retrying (40001, 40P01): the answer is 503 with Retry-After.
 */
export const isUnavailable = (error: unknown): boolean => {
  const code = codeOf(error)
  if (GONE_STATES.test(code) || GONE_ERRNO.has(code)) return true
  if ((error as { name?: unknown } | null)?.name == 'StoreUnavailableError') return true
  return error instanceof Error && !code && GONE_TEXT.test(error.message)
}

/** Whether a transaction lost a race with another (40001 serialization failure, 40P01 deadlock): running it again can succeed. */
export const isConflict = (error: unknown): boolean => /^(40001|40P01)$/.test(codeOf(error))

/** Whether a store error is about the data (SQLSTATE class 22, "data exception"; 54001 too deep): retrying cannot help. */
export const isDataError = (error: unknown): boolean => /^(22...|54001)$/.test(codeOf(error)) || error instanceof RangeError

/** Seconds a client waits before retrying while the store is away. */
export const RETRY_AFTER_S = 5
