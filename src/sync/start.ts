import type { Progress, Traits } from '../core/index'
import { electLeader } from '../adapters/leader'
import type { KeyStore } from '../adapters/storage'
import { createTransport } from '../adapters/transport'
import { newId } from '../adapters/ids'
import { browserOffline } from '../adapters/page-life'
import { createSync } from './client'

export interface StartSyncOptions {
  endpoint: string
  journeyId: string
  userId: string
  prefix: string
  store: KeyStore
  headers?: Readonly<Record<string, string>>
  getHeaders?: () => Readonly<Record<string, string>> | Promise<Readonly<Record<string, string>>>
  traits: () => Traits
  local: () => Progress
  merge: (server: Progress) => unknown
  /** Events applied to `local()` are still being written (see SyncOptions.busy). */
  busy?: () => boolean
  report: (message: string, status: number) => void
  /** The user's account, sent with each request; with `scope: 'account'` this sync is the account's document. */
  accountId?: string
  accountTraits?: () => Traits
  scope?: 'account'
}

/**
 * The sync of one user in this tab, wired to the browser: one tab per user leads (Web Locks) and
 * sends what every tab stored in the shared IndexedDB. A tab whose storage fell back (localStorage,
 * memory: the leader does not read it) sends its own events, and leaves the lead to a tab on
 * IndexedDB.
 */
export const startSync = (o: StartSyncOptions) => {
  const doc = o.scope == 'account' ? `:account:${o.accountId}` : ''
  const leader = electLeader(`milepost:sync:${o.journeyId}:${o.userId}${doc}`, () => sync.start())
  const sync = createSync({
    ...o,
    transport: createTransport(),
    headers: async () => ({ ...o.headers, ...(await o.getHeaders?.()) }),
    leads: () => o.store.kind == 'indexeddb' ? leader.leads() : (leader.stop(), true),
    random: Math.random,
    wall: Date.now,
    monotonic: () => performance.now(),
    newId,
    offline: browserOffline,
  })
  sync.start()
  return {
    ...sync,
    stop() {
      sync.stop()
      leader.stop()
    },
  }
}

export type StartedSync = ReturnType<typeof startSync>
