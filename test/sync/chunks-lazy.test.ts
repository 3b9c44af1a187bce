// The script tag's missingChunks (src/sync/chunks.lazy.ts): the splitting file loads only when the
// server lacks part of the document; a file that cannot load rejects (the sync round retries), and
// the next call tries again.
import { describe, expect, it, vi } from 'vitest'
import { applyEvent, emptyProgress } from '../../src/core/index'
import { missingChunks as splitNow } from '../../src/sync/chunks'

const loads = vi.hoisted(() => ({ count: 0, fail: false }))
vi.mock('../../src/adapters/chunk', () => ({
  lazy: () => () => (loads.count++, loads.fail ? Promise.reject(new Error('404')) : import('../../src/sync/chunks')),
}))
const { missingChunks } = await import('../../src/sync/chunks.lazy')

const server = applyEvent(emptyProgress('u1'), { id: 'e1', type: 'complete', stepId: 'a', at: 1 })
const local = applyEvent(server, { id: 'e2', type: 'track', name: 'report.created', at: 2 })

describe('the script tag’s document splitting', () => {
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
