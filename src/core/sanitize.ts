import { emptyProgress } from './empty'
import { isObj, num } from './record'
import { absorb } from './write'
import type { Progress } from './types'

/**
 * A clean Progress from untrusted data (storage, network), or null when it is not a version-1
 * document of `userId`. Keeps only well-typed entries (finite times, string keys, no prototype
 * keys), sorted and capped exactly as applyEvent would; a bad epoch reads as 0. Never throws.
 * @example sanitizeProgress(JSON.parse(stored), 'u_123') ?? emptyProgress('u_123')
 */
export const sanitizeProgress = (input: unknown, userId: string): Progress | null => {
  try {
    return isObj(input) && input.v === 1 && input.userId === userId ? absorb(emptyProgress(userId, num(input.epoch) ?? 0), input) : null
  } catch {
    return null
  }
}
