import { emptyProgress, mergeProgress, sanitizeProgress } from '../core/index'
import type { Progress, ProgressEvent } from '../core/index'
import type { WritableAtom } from 'nanostores'
import type { FallbackStore } from '../adapters/storage'
import { openTabs } from '../adapters/tabs'
import { setLocal } from '../adapters/storage-local'
import { startSync } from '../sync/start'
import type { StartedSync, StartSyncOptions } from '../sync/start'
import type { Emitter } from './emitter'
import { loadLater, loadProgress } from './load-progress'
import { sameJson } from '../core/same'
import { createWriter } from './writer'
import { stringify } from '../core/json'

export interface DocumentOptions {
  store: FallbackStore
  /** The store this document lives in: `$progress` (the user's) or `$accountProgress`. */
  $doc: WritableAtom<Progress | null>
  /** Storage prefix of its keys (progress-keys.ts). */
  prefix: string
  /** The document's `userId`: the user's id, or the account's id. */
  owner: string
  /** BroadcastChannel name the user's other tabs (or the account's, in this browser) share. */
  channel: string
  emitter: Emitter
  safe: <A extends unknown[]>(fn: (...args: A) => unknown) => (...args: A) => void
  /** Sync options when there is an endpoint (what `startSync` needs beyond the document's own). */
  sync?: Omit<StartSyncOptions, 'prefix' | 'store' | 'local' | 'merge' | 'report'> | undefined
  /** Milliseconds before sync starts (`flush()` starts it at once); what is written meanwhile waits in the outbox. */
  syncAfter?: number
  /** The server's document has been taken in, the first time on this page (see `heard()`). */
  heard?: () => void
}

/**
 * One stored, synced, tab-shared progress document: the user's, or their account's. It is read
 * from storage, written key by key with an outbox, merged with what other tabs post and what the
 * server answers, and kept in its store. `stop()` closes its tab channel and its sync.
 */
export const openDocument = (o: DocumentOptions) => {
  const { store, $doc, prefix, owner, emitter, safe } = o
  let loaded = false
  let stopped = false
  /** The server's document has been taken in on this page (always, without an endpoint). */
  let heard = !o.sync
  let sync: StartedSync | undefined
  let begin: () => void = () => {}
  let timer: ReturnType<typeof setTimeout> | undefined
  /** Writes of events under way: the events are in `$doc`, not yet in the outbox sync sends. */
  let writing = 0
  /** Each distinct sync problem once to `on('sync:error')`, and one console warning in all; none once stopped (another user's page now). */
  const syncError = (message: string, status: number) => stopped || emitter.report('sync', message, { status }, 'sync:error')
  // A page on storage 'memory' keeps nothing beyond itself: it neither tells the other tabs nor hears them
  // (a `?milepost-preview` page starts so, and its first moments must not reach the user's real tabs).
  const open = () => openTabs(store.kind == 'memory' ? '' : o.channel, safe((message) => {
    const other = loaded && !stopped && sanitizeProgress(message, owner)
    if (!other) return
    $doc.set(mergeProgress($doc.get()!, other))
    sync?.poke() // the leader sends what another tab saved
  }))
  let tabs = open()
  const writer = createWriter(store, (_, doc) => !stopped && tabs.post(doc), (error) => emitter.report('storage', 'save failed: ' + error, { error }),
    (_, count) => (syncError(`outbox full: ${count} older events folded into the document`, 0), sync?.folded()))

  /** Merges a document from elsewhere (the server, an earlier page's fallback) and stores it. */
  const absorb = (other: Progress): Promise<unknown> | undefined => {
    const local = $doc.get()
    if (!loaded || stopped || !local) return
    const merged = mergeProgress(local, other)
    if (sameJson(merged, local)) return // nothing new: no write, no new state
    $doc.set(merged)
    return writer.writeDoc(prefix, other) // merged into each key; the other tabs are told
  }

  return {
    /** Reads the document (corrupt entries set aside, reported) — `early` when already being read. */
    async load(early?: Promise<[Progress, string[]]>): Promise<Progress> {
      const [doc, aside] = await (early ?? loadProgress(store, prefix, owner))
      if (aside.length) emitter.report('storage', 'corrupt progress set aside: ' + aside)
      return doc
    },
    /** The document is in its store: from now on tabs and the server are merged into it. */
    started() {
      loaded = true
      const options = o.sync
      if (!options || stopped) return
      begin = () => {
        clearTimeout(timer)
        // Once stopped, the store holds the next session's document (or none): the sync reads nothing from it.
        if (!sync && !stopped) sync = startSync({ ...options, prefix, store, local: () => (!stopped && $doc.get()) || emptyProgress(owner), merge: (other) => {
          const stored = absorb(other)
          if (!heard) heard = true, o.heard?.()
          return stored
        }, report: syncError, busy: () => writing > 0 })
      }
      if (o.syncAfter) timer = setTimeout(safe(begin), o.syncAfter)
      else begin()
    },
    /**
     * Whether the server's document is in (or there is no endpoint): a browser new to this user or
     * account holds only part of their progress until then, so what reaches people waits for it.
     */
    heard: () => heard,
    /** What a fallback saved on an earlier page joins in; resolves once it is stored. */
    later: async (): Promise<unknown> => {
      const theirs = await loadLater(store, prefix, owner)
      return theirs && absorb(theirs)
    },
    /**
     * Stores events already applied to the store (`before` is the document without them), then
     * hands them to sync (at once when `urgent`: a milestone done); resolves with each key's
     * previous value.
     */
    write(events: readonly ProgressEvent[], before: Progress, urgent = false): Promise<Map<string, unknown>> {
      writing++
      const done = writer.write(prefix, owner, events, before, $doc.get() ?? before)
      // Beside the promise returned, not after it: what waits for the write resumes as soon as ever.
      done.then(() => {
        writing--
        if (events.length) sync?.changed(events, urgent)
      }, () => writing--)
      return done
    },
    fellBack() {
      const doc = loaded && !stopped && $doc.get()
      if (doc) void writer.writeDoc(prefix, doc) // what memory holds goes to the new backend
    },
    hidden() {
      // A write under way as the page goes (a click on a link that leaves it) may never be stored:
      // what the page showed is kept in localStorage too, and the next page merges it (loadLater).
      if (writing) setLocal('milepost:' + prefix + 'pending', stringify($doc.get()))
      sync?.hidden()
    },
    online: () => sync?.online(),
    /**
     * Into the back/forward cache: the tab channel and the sync (its Web Lock) let go, after the
     * page's last request (`hidden`). Another page of this user, asking for the lock or posting on
     * the channel, would make the browser evict this one, and a Back would load it afresh.
     */
    freeze() {
      tabs.close()
      sync?.stop()
      sync = undefined
    },
    /**
     * Back from it: the channel again, what other pages stored meanwhile, and the sync (a pull) half
     * a second on. The page this one replaced lets go of the lock as it goes into the cache, but the
     * browser may hear it a moment after this page's request: the cached page would then be evicted,
     * and Forward would load it afresh.
     */
    thaw() {
      if (stopped) return
      tabs = open()
      timer = setTimeout(safe(begin), 500)
      if (loaded) void loadProgress(store, prefix, owner).then(([doc]) => absorb(doc), () => {})
    },
    /** The page is visible again: another member or device may have moved on. */
    refresh: () => sync?.refresh(),
    flush: () => writer.settled().then(() => (begin(), sync?.flush())),
    settled: () => writer.settled(),
    /**
     * Closes the tab channel; what this document wrote and has not sent goes in one last request,
     * once it is stored (as when the page hides: the leading tab sends, no pull, no retry), and then
     * its sync stops: a user switched away from (`identify()`, `destroy()`) may never come back to
     * this browser, and the server watches them.
     */
    stop() {
      stopped = true
      clearTimeout(timer)
      tabs.close()
      void writer.settled().catch(() => {}).then(safe(() => (sync?.hidden(), sync?.stop())))
    },
  }
}

export type ProgressDocument = ReturnType<typeof openDocument>
