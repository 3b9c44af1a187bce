// @vitest-environment happy-dom
// The page's life as the runtime hears it: visible again (a tab switch, or the window focused again
// while the page stayed visible: both documents are pulled then), hidden, online; and nothing after stop.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { watchPageLife } from '../../src/adapters/page-life'

const state = (value: DocumentVisibilityState) => vi.spyOn(document, 'visibilityState', 'get').mockReturnValue(value)

afterEach(() => vi.restoreAllMocks())

describe('watchPageLife', () => {
  it('tells visible on a visibilitychange to visible and on the window regaining focus, hidden on pagehide, online', () => {
    const calls: string[] = []
    const stop = watchPageLife({ visible: () => calls.push('visible'), hidden: () => calls.push('hidden'), online: () => calls.push('online') })
    state('visible')
    document.dispatchEvent(new Event('visibilitychange'))
    window.dispatchEvent(new Event('focus'))
    window.dispatchEvent(new Event('pagehide'))
    window.dispatchEvent(new Event('online'))
    expect(calls).toEqual(['visible', 'visible', 'hidden', 'online'])
    stop()
    window.dispatchEvent(new Event('focus'))
    expect(calls).toHaveLength(4)
  })

  it('a focus while the page is hidden is not a return', () => {
    const calls: string[] = []
    const stop = watchPageLife({ visible: () => calls.push('visible'), hidden: () => calls.push('hidden'), online: () => {} })
    state('hidden')
    window.dispatchEvent(new Event('focus'))
    document.dispatchEvent(new Event('visibilitychange'))
    expect(calls).toEqual(['hidden'])
    stop()
  })
})
