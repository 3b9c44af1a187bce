import { emptyProgress, mergeProgress, sanitizeProgress } from '../core/index'
import type { Progress } from '../core/index'
import type { FallbackStore, KeyStore } from '../adapters/storage'
import { isProgressKey } from './progress-keys'

/** Merges many documents pairwise, so n keys cost n log n instead of n². */
const mergeAll = (docs: Progress[]): Progress => {
  while (docs.length > 1) {
    const next: Progress[] = []
    for (let i = 0; i < docs.length; i += 2) next.push(docs[i + 1] ? mergeProgress(docs[i]!, docs[i + 1]!) : docs[i]!)
    docs = next
  }
  return docs[0]!
}

/**
 * Loads a user's progress: the merge of every key under `prefix`. A value that is not valid
 * progress is moved to `quarantine:<name>` and skipped. Entries from before a reset stay until
 * overwritten: the merge ignores them. Resolves with the document and the names set aside.
 */
export const loadProgress = async (store: KeyStore, prefix: string, userId: string): Promise<[Progress, string[]]> => {
  const [doc, aside] = fold(await store.read(prefix), prefix, userId)
  const names = [...aside.keys()].map((key) => key.slice(prefix.length))
  if (names.length) {
    // Checked again inside the transaction: another tab may have written a good value since.
    await store.update([...aside.keys(), ...names.map((name) => prefix + 'quarantine:' + name)], (key, old) =>
      aside.has(key) ? (sanitizeProgress(old, userId) ? old : undefined) : aside.get(key.replace('quarantine:', '')),
    )
  }
  return [doc, names]
}

/** The merge of the valid progress entries under `prefix`, and the invalid ones. */
const fold = (entries: Array<[string, unknown]>, prefix: string, userId: string): [Progress, Map<string, unknown>] => {
  const docs: Progress[] = [emptyProgress(userId)]
  const aside = new Map<string, unknown>()
  for (const [key, value] of entries) {
    const name = key.slice(prefix.length)
    if (!isProgressKey(name)) continue
    const doc = sanitizeProgress(value, userId)
    if (doc) docs.push(doc)
    else aside.set(key, value)
  }
  return [mergeAll(docs), aside]
}

/**
 * Each document (`[prefix, owner]`) from the store's early read (`KeyStore.peek`), synchronously,
 * or undefined without one: what the first state paints from while `loadProgress` reads.
 */
export const peekProgress = (store: KeyStore, docs: ReadonlyArray<readonly [prefix: string, owner: string]>): Progress[] | undefined =>
  store.peek?.(docs.map(([prefix]) => prefix))?.map((entries, i) => fold(entries, docs[i]![0], docs[i]![1])[0])

/**
 * What fallbacks saved for the user on earlier pages (`FallbackStore.later`), merged, or
 * `undefined` when there is nothing valid there. Invalid values are left where they are.
 */
export const loadLater = async (store: FallbackStore, prefix: string, userId: string): Promise<Progress | undefined> => {
  const docs: Progress[] = []
  for (const [key, value] of await store.later(prefix)) {
    const doc = isProgressKey(key.slice(prefix.length)) && sanitizeProgress(value, userId)
    if (doc) docs.push(doc)
  }
  return docs.length ? mergeAll(docs) : undefined
}
