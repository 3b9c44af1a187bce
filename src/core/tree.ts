import { LIMITS } from './limits'

/**
 * Folds an `all` / `any` tree (a step's `completeWhen`, a nudge's `when`) bottom-up: `leaf` reads a
 * node of one kind, `join` combines the children of an `all` (true) or an `any` (false). Past
 * `LIMITS.conditionDepth` a branch reads as one without children: validated journeys never nest
 * deeper, so only objects built in JS (deep or cyclic) get there.
 */
export const foldTree = <T, R>(t: T, leaf: (t: T) => R, join: (all: boolean, rs: R[]) => R, depth = 0): R => {
  const { all, any } = t as { all?: readonly T[]; any?: readonly T[] }
  const l = all ?? any
  return l ? join(!!all, depth < LIMITS.conditionDepth ? l.map((c) => foldTree(c, leaf, join, depth + 1)) : []) : leaf(t)
}
