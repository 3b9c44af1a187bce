import { emptyProgress } from './empty'
import { absorb } from './write'
import type { Progress } from './types'

/**
 * Two copies of one user's progress as one: commutative, associative and idempotent, so tabs,
 * devices and the server agree whatever order they merge in. A higher epoch (a reset) wins whole;
 * in one epoch every entry keeps its earliest time, hits and shows are unioned by id and capped,
 * the snooze register keeps the later write. Two users are never mixed: the document whose userId
 * sorts first is returned. Sessions keep their earliest start and the latest sessions; only when
 * one session id has different starts in two copies and the session cap is full can order matter.
 * @example mergeProgress(local, remote)
 */
export const mergeProgress = (a: Progress, b: Progress): Progress =>
  a.userId != b.userId ? (a.userId < b.userId ? a : b)
    : a.epoch != b.epoch ? (a.epoch > b.epoch ? a : b)
    : absorb(absorb(emptyProgress(a.userId, a.epoch), a), b)
