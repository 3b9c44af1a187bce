// The notice callbacks take any function of a notice, whatever it returns (awaited when it is a
// promise): docs/watch.md's `onEscalation: (notice) => queue.push(notice)` compiles under --strict.
// Type-checked by `tsc -p tsconfig.json` (which includes test/), and run as a test.
import { describe, expect, expectTypeOf, it } from 'vitest'
import { createMemoryStore, createSyncHandler, createWatcher } from '../../src/server'
import type { Notice, SyncHandlerOptions, WatcherOptions } from '../../src/server'
import { T0 } from '../builders'
import { authorize, batch, syncRequest } from './fixtures'

describe('notice callbacks', () => {
  it('accept a callback returning a value (queue.push returns a number), as docs/watch.md writes it', async () => {
    const queue: Notice[] = []
    const handlerCallbacks: Pick<SyncHandlerOptions, 'onEscalation' | 'onDelegate' | 'onOwner'> = {
      onEscalation: (notice) => queue.push(notice),
      onDelegate: (notice) => queue.push(notice),
      onOwner: (notice) => queue.push(notice),
    }
    const watcherCallbacks: Pick<WatcherOptions, 'onEscalation' | 'onOwner'> = {
      onEscalation: (notice) => queue.push(notice),
      onOwner: (notice) => queue.push(notice),
    }
    expectTypeOf((n: Notice<'escalation'>) => queue.push(n)).toExtend<NonNullable<SyncHandlerOptions['onEscalation']>>()
    expectTypeOf((n: Notice) => queue.push(n)).toExtend<NonNullable<WatcherOptions['onEscalation']>>()
    expectTypeOf(async (n: Notice<'owner'>) => queue.push(n)).toExtend<NonNullable<WatcherOptions['onOwner']>>()

    const store = createMemoryStore()
    createWatcher({ store, journeys: [], ...watcherCallbacks })
    const handler = createSyncHandler({ store, authorize, now: () => T0, ...handlerCallbacks })
    const delegated = { id: 'd1', type: 'track' as const, name: 'step:delegated', props: { stepId: 'invite', to: 'sam@example.com' }, at: T0 }
    const response = await handler(syncRequest(batch('u1', 'callbacks', [delegated]), 'u1'))
    expect(response.status).toBe(200)
    expect(queue.map((n) => [n.kind, n.userId, n.step])).toEqual([['delegate', 'u1', { id: 'invite', to: 'sam@example.com' }]])
    await store.close()
  })
})
