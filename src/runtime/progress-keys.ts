/** Keys of a user's entries: the user id is encoded so `a` never reads the keys of `a|b`. */
export const userPrefix = (journeyId: string, userId: string): string =>
  `${journeyId}|${encodeURIComponent(userId)}|`

/**
 * Keys of an account's shared document: `account:` never begins an encoded user id (its `:` would
 * be `%3A`), so an account and a user never share keys.
 */
export const accountPrefix = (journeyId: string, accountId: string): string =>
  `${journeyId}|account:${encodeURIComponent(accountId)}|`

/** Names under the user prefix that hold something other than progress (`folded`: see sync/fold.ts). */
export const isProgressKey = (name: string): boolean => !/^(out|quarantine):|^(active|folded)$/.test(name)
