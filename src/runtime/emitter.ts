import type { Issue } from '../core/index'

/**
 * What failed, in `on('error')`: the journey (`config`), storage, a selector, a call's input, traits,
 * a host's handler, a file of the script tag that could not load or start (`ui`, `engine`,
 * `preview`, `triggers`, `tours`), or Milepost itself (`internal`); `sync` in `on('sync:error')`.
 * Open to kinds a later version adds.
 */
export type ErrorKind = 'config' | 'storage' | 'selector' | 'input' | 'traits' | 'handler' | 'internal' | 'ui' | 'engine' | 'preview' | 'triggers' | 'tours' | 'sync'

/** What `on('error')` and `on('sync:error')` receive. */
export interface MilepostError {
  kind: ErrorKind | (string & {})
  message: string
  /** For `config`: every problem, with its JSON path. */
  issues?: Issue[]
  /** For `sync:error`: the HTTP status of the answer, 0 when there was none. */
  status?: number
  error?: unknown
}

type Handler = (payload: never) => void

/**
 * Lifecycle events, plus error reporting that never throws: each distinct message reaches
 * `on('error')` once, and each kind prints one console warning.
 */
export const createEmitter = () => {
  const handlers = new Map<string, Set<Handler>>()
  const warned = new Set<string>()
  const reported = new Set<string>()
  const warn = (kind: string, message: string) => {
    if (warned.has(kind)) return
    warned.add(kind)
    console.warn('[milepost] ' + message)
  }
  const emit = (name: string, payload?: unknown) => {
    const set = handlers.get(name) ?? new Set()
    // Each handler there as the event began and still there (one may remove another, as subscribe()'s do).
    for (const fn of [...set]) {
      if (set.has(fn)) try {
        ;(fn as (p: unknown) => void)(payload)
      } catch (error) {
        // A host's handler threw: told to on('error') (an error handler's own throw only to the console).
        ;(name == 'error' ? warn : report)('handler', `on('${name}') handler threw: ${error}`)
      }
    }
  }
  /** Tells `on(event)` (default `error`, or `sync:error`) about a problem, each distinct one once. */
  const report = (kind: string, message: string, extra?: Omit<MilepostError, 'kind' | 'message'>, event = 'error') => {
    if (reported.has(kind + message)) return
    reported.add(kind + message)
    emit(event, { kind, message, ...extra })
    warn(kind, message)
  }
  return {
    warn,
    emit,
    on(name: string, fn: Handler): () => void {
      const set = handlers.get(name) ?? new Set()
      handlers.set(name, set.add(fn))
      return () => void set.delete(fn)
    },
    report,
    clear: () => handlers.clear(),
  }
}

export type Emitter = ReturnType<typeof createEmitter>
