import { mergeProgress, sanitizeProgress } from '../core/index'
import type { Progress, ProgressEvent } from '../core/index'
import type { KeyStore } from '../adapters/storage'
import { foldOutbox } from '../sync/chunks'
import { changedProgress, splitProgress } from '../core/split'

/** Writes between two checks of the outbox's size: a check reads every entry. */
const FOLD_EVERY = 25

interface Batch {
  prefix: string
  events: ProgressEvent[]
  /** The document before the batch's first events, and after its last. */
  before: Progress
  after: Progress
  done: Promise<Map<string, unknown>>
}

/**
 * Persists events. The events of one task form one batch and one transaction: the batch's
 * effect (the entries its events changed in the document, `changedProgress`: the events are
 * not applied again) is merged into each key it touches, and
 * each event is kept in the outbox (`out:<id>`) for sync to send. Resolves with the previous
 * value of each key name, so a caller can tell whether it was first (escalations fire once).
 * Every FOLD_EVERY writes the outbox is held to its cap (foldOutbox); `onFold` hears how many
 * events left it for the document.
 */
export const createWriter = (
  store: KeyStore,
  onCommit: (prefix: string, doc: Progress) => void,
  onError: (error: unknown) => void,
  onFold: (prefix: string, count: number) => void = () => {},
  cap?: number,
) => {
  let chain: Promise<unknown> = Promise.resolve()
  let open: Batch | undefined
  let writes = 0

  const commit = async (prefix: string, userId: string, doc: Progress, events: readonly ProgressEvent[]) => {
    const parts = new Map<string, unknown>(splitProgress(doc))
    for (const event of events) parts.set('out:' + event.id, event)
    const names = [...parts.keys()]
    try {
      const olds = await store.update(names.map((name) => prefix + name), (key, old) => {
        const part = parts.get(key.slice(prefix.length))
        if (key.startsWith(prefix + 'out:')) return part
        const before = sanitizeProgress(old, userId)
        return before ? mergeProgress(before, part as Progress) : part
      })
      onCommit(prefix, doc)
      if (events.length && ++writes % FOLD_EVERY == 0) {
        const folded = await foldOutbox(store, prefix, cap).catch(() => 0) // a failed check is retried at the next
        if (folded) onFold(prefix, folded)
      }
      return new Map(names.map((name, i) => [name, olds[i]]))
    } catch (error) {
      onError(error)
      return new Map<string, unknown>()
    }
  }

  const queue = <T>(job: () => Promise<T>): Promise<T> => {
    const next = chain.then(job)
    chain = next.catch(() => {}) // one failed job must not stop the ones after it
    return next
  }

  return {
    /**
     * Queues events of the document at `prefix`, already applied: `before` is the document
     * without them, `after` with them. One transaction per task.
     */
    write(prefix: string, userId: string, events: readonly ProgressEvent[], before: Progress, after: Progress): Promise<Map<string, unknown>> {
      if (open?.prefix !== prefix) {
        const batch: Batch = { prefix, events: [], before, after, done: Promise.resolve(new Map()) }
        batch.done = Promise.resolve().then(() => {
          if (open === batch) open = undefined
          return queue(() => commit(prefix, userId, changedProgress(batch.before, batch.after), batch.events))
        })
        open = batch
      }
      open.events.push(...events)
      open.after = after
      return open.done
    },
    /** Writes a whole document, key by key: after a fallback, the new backend gets what memory holds. */
    writeDoc: (prefix: string, doc: Progress) => queue(() => commit(prefix, doc.userId, doc, [])),
    /** Resolves when everything queued so far is written. */
    settled: (): Promise<unknown> => (open ? open.done : Promise.resolve()).then(() => chain),
  }
}

export type Writer = ReturnType<typeof createWriter>
