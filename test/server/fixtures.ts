// Shared by the server tests: the stores every suite runs against, a caller scheme, request builders.
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll } from 'vitest'
import { createMemoryStore, createPgliteStore, createPostgresStore } from '../../src/server'
import type { Caller, SyncStore } from '../../src/server'
import type { ProgressEvent } from '../../src/core/types'
import { T0 } from '../builders'

export interface StoreCase {
  name: 'memory' | 'pglite' | 'postgres'
  make: () => SyncStore
}

/** memory and PGlite always; PostgreSQL whenever DATABASE_URL is set (.ci/run always sets it). */
export const STORES: StoreCase[] = [
  { name: 'memory', make: createMemoryStore },
  { name: 'pglite', make: () => createPgliteStore() },
  ...(process.env.DATABASE_URL
    ? [{ name: 'postgres' as const, make: () => createPostgresStore({ connectionString: process.env.DATABASE_URL!, max: 10 }) }]
    : []),
]

/** A fresh namespace per run: a real PostgreSQL keeps rows between runs. */
export const RUN = randomUUID().slice(0, 8)
export const journeyId = (name: string): string => `${name}-${RUN}`

/** `Authorization: Bearer <userId>` acts as that user; `Bearer admin:<userId>` as an admin. */
export const authorize = (request: Request): Caller | null => {
  const token = /^Bearer (.+)$/.exec(request.headers.get('authorization') ?? '')?.[1]
  if (!token) return null
  return token.startsWith('admin:') ? { userId: token.slice(6), role: 'admin' } : { userId: token }
}

/** `Bearer u1@acme`: user u1 of account acme; `Bearer admin:x`: an admin; `Bearer u9`: a user without an account. */
export const memberAuthorize = (request: Request): Caller | null => {
  const token = /^Bearer (.+)$/.exec(request.headers.get('authorization') ?? '')?.[1]
  if (!token) return null
  if (token.startsWith('admin:')) return { userId: token.slice(6), role: 'admin' }
  const [userId, accountId] = token.split('@') as [string, string?]
  return { userId, ...(accountId ? { accountId } : {}) }
}

/**
 * Opens a store of `make` before the describe's tests (its tables made) and closes it after them;
 * `use` receives it, as a `let store` the tests read.
 */
export const openStore = (make: () => SyncStore, use: (store: SyncStore) => void): void => {
  let store: SyncStore
  beforeAll(async () => {
    use((store = make()))
    await store.getProgress('warm', 'up')
  }, 60_000)
  afterAll(() => store.close())
}

const BASE = 'http://127.0.0.1/api/milepost'

export const syncRequest = (body: unknown, as?: string, init: RequestInit = {}): Request =>
  new Request(`${BASE}/sync`, {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...init,
    headers: { 'content-type': 'text/plain;charset=UTF-8', ...(as ? { authorization: `Bearer ${as}` } : {}), ...init.headers },
  })

export const progressRequest = (userId: string, journey: string, as?: string): Request =>
  new Request(`${BASE}/progress?userId=${encodeURIComponent(userId)}&journeyId=${encodeURIComponent(journey)}`, {
    headers: as ? { authorization: `Bearer ${as}` } : {},
  })

let seq = 0
export const batch = (userId: string, journey: string, events: ProgressEvent[], batchId = `b-${++seq}`) =>
  ({ protocol: 1, batchId, userId, journeyId: journey, events })

/** `n` completions with ids and step ids unique to `prefix`. */
export const completions = (prefix: string, n: number, at = T0): ProgressEvent[] =>
  Array.from({ length: n }, (_, i) => ({ id: `${prefix}-e${i}`, type: 'complete' as const, stepId: `${prefix}-s${i}`, at: at + i }))
