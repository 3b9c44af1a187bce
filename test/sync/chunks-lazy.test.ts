// The script tag's missingChunks (src/sync/chunks.lazy.ts): the splitting file loads only when the
// server lacks part of the document; a file that cannot load rejects (the sync round retries), and
// the next call tries again.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { applyEvent, emptyProgress } from '../../src/core/index'
import { missingChunks as splitNow } from '../../src/sync/chunks'
import { memoryStore } from '../../src/adapters/storage-memory'

const loads = vi.hoisted(() => ({ count: 0, fail: false }))
vi.mock('../../src/adapters/chunk', () => ({
  lazy: () => () => (loads.count++, loads.fail ? Promise.reject(new Error('404')) : import('../../src/sync/chunks')),
}))
const { foldOutbox, missingChunks } = await import('../../src/sync/chunks.lazy')

const server = applyEvent(emptyProgress('u1'), { id: 'e1', type: 'complete', stepId: 'a', at: 1 })
const local = applyEvent(server, { id: 'e2', type: 'track', name: 'report.created', at: 2 })

describe('the script tag’s document splitting', () => {
  afterEach(() => {
    loads.count = 0
    loads.fail = false
  })

  it('answers "nothing missing" without loading the file', async () => {
    expect(await missingChunks(server, local, 48_000)).toEqual([])
    expect(await missingChunks(server, server, 48_000)).toEqual([])
    expect(loads.count).toBe(0)
  })

  it('loads the file when the server lacks something, and answers as chunks.ts does', async () => {
    expect(await missingChunks(local, server, 48_000)).toEqual(splitNow(local, server, 48_000))
    expect(loads.count).toBe(1)
  })

  it('rejects when the file cannot load', async () => {
    loads.fail = true
    await expect(missingChunks(local, server, 48_000)).rejects.toThrow('404')
  })
})

describe('the script tag’s outbox fold', () => {
  afterEach(() => {
    loads.count = 0
    loads.fail = false
  })
  const outbox = (n: number) => memoryStore(new Map(Array.from({ length: n }, (_, i) => [`p|out:e${i}`, { id: `e${i}`, type: 'track', name: 'x', at: i }])))

  it('answers an outbox at or under its cap without loading the file', async () => {
    expect(await foldOutbox(outbox(3), 'p|', 3)).toBe(0)
    expect(loads.count).toBe(0)
  })

  it('past the cap, loads the file and folds the oldest events, marking a push owed', async () => {
    const store = outbox(5)
    expect(await foldOutbox(store, 'p|', 3)).toBe(2)
    expect(loads.count).toBe(1)
    expect((await store.read('p|out:')).map(([k]) => k).sort()).toEqual(['p|out:e2', 'p|out:e3', 'p|out:e4'])
    expect(await store.read('p|folded')).toEqual([['p|folded', 2]])
  })

  it('rejects when the file cannot load, and the outbox keeps every event', async () => {
    loads.fail = true
    const store = outbox(5)
    await expect(foldOutbox(store, 'p|', 3)).rejects.toThrow('404')
    expect(await store.read('p|out:')).toHaveLength(5)
  })
})
