// The key of a remembered quiet state (adapters/quiet-memory.ts keeps `[key, state]`): a hash of
// everything the state depends on but the clock and the activity that does not count. A page whose
// inputs give the same key starts from that state (engine.lazy.ts).
import { hash } from '../core/hash'
import { cmp } from '../core/hits'
import { quietFacts } from '../core/quiet'
import type { QuietInputs } from './engine'

declare const __MILEPOST_BUILD__: string

/**
 * JSON with each object's keys in order: a document read back from storage (or merged with the
 * server's) lists its entries in another order than the one that was remembered.
 */
const sorted = (_: string, v: unknown): unknown =>
  v && typeof v == 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => cmp(a, b))) : v

/** The journey's hash, kept per journey object (the key is read on each change of progress). */
let journeyHash: [object, string] | undefined
/** A hash of the inputs of a state (64 bits: two FNV-1a), the build among them. */
export const quietKey = ({ journey, progress, options, userId }: QuietInputs): string => {
  if (journeyHash?.[0] !== journey) {
    const text = JSON.stringify(journey, sorted)
    journeyHash = [journey, hash(text) + hash(text, 5381)]
  }
  const { traits, timeZone, account } = options
  const inputs = JSON.stringify([
    __MILEPOST_BUILD__, journeyHash[1], userId, traits, timeZone, new Date().getTimezoneOffset(), quietFacts(progress),
    account && [account.id, account.traits, quietFacts(account.progress)],
  ], sorted)
  return hash(inputs) + hash(inputs, 5381)
}
