// @vitest-environment happy-dom
// The script tag's validateJourney (src/adapters/validator.ts): the validator file loads only for
// a journey this version has not found clean in this browser before.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { validateJourney as validateNow } from '../../src/core/validate'
import { journey } from './harness'

const loads = vi.hoisted(() => ({ count: 0, fail: false }))
vi.mock('../../src/adapters/chunk', () => ({
  chunkBase: () => 'https://cdn.example/milepost/',
  // As chunk.ts's: one load for every call, and a failed one tried again by the next call.
  lazy: (name: string, base: string) => {
    let loading: Promise<unknown> | undefined
    return () => (loading ??= (loads.count++, loads.fail ? Promise.reject(new Error('404')) : import('../../src/adapters/validate-file')).catch((error) => {
      loading = undefined
      throw new Error(`${new URL(name, base).href} could not load (${error})`)
    }))
  },
}))
vi.stubGlobal('__MILEPOST_BUILD__', '9.9.9')

/** A fresh copy of the module, as on a new page. */
const page = async () => {
  vi.resetModules()
  return (await import('../../src/adapters/validator')).validateJourney
}

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0))

afterEach(async () => {
  await nextTask() // a page's own timers (its early fetch, its remembering) end with it
  localStorage.clear()
  loads.count = 0
  loads.fail = false
})

describe('the script tag’s validator', () => {
  it('answers as the core validator does, and on a first visit fetches it at once', async () => {
    const validate = await page()
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(loads.count).toBe(1) // nothing validated in this browser yet: fetched while the page starts
    const bad = { ...journey, milestones: [{ id: 'm' }] }
    expect(await validate(journey)).toEqual(validateNow(journey))
    expect(await validate(bad)).toEqual(validateNow(bad))
    expect(loads.count).toBe(1)
  })

  it('takes a journey it found clean before as it is, on the next page, without loading the validator', async () => {
    await (await page())(journey)
    await nextTask() // remembered in a task of its own
    const validate = await page()
    expect(await validate(structuredClone(journey))).toEqual({ journey, issues: [] })
    await nextTask() // nor ahead of time: the page's early fetch is for a browser that remembers nothing
    expect(loads.count).toBe(1)
  })

  it('validates again a journey that changed, one with errors, or one seen by another version', async () => {
    await (await page())(journey)
    await nextTask() // remembered in a task of its own
    const changed = { ...journey, title: 'Another title' }
    const bad = { ...journey, milestones: 'none' }
    let validate = await page()
    expect(await validate(changed)).toEqual(validateNow(changed))
    expect(loads.count).toBe(2)
    expect(await validate(bad)).toEqual(validateNow(bad))
    await nextTask()
    validate = await page()
    expect(await validate(bad)).toEqual(validateNow(bad)) // never remembered
    expect(loads.count).toBe(3)
    localStorage.setItem('milepost:valid', (localStorage.getItem('milepost:valid') ?? '').replace(/9\.9\.9/g, '1.0.0'))
    validate = await page()
    await validate(journey)
    expect(loads.count).toBe(4)
  })

  it('answers a journey with warnings from memory on the next page: the validator’s copy and its warnings', async () => {
    const warned = { ...journey, notes: 'for the PM', milestones: journey.milestones.map((m, i) => (i ? m : { ...m, owner_email: 'a@b.c' })) }
    const first = await (await page())(warned)
    expect(first).toEqual(validateNow(warned))
    expect(first.issues.map((i) => i.severity)).toEqual(['warning', 'warning'])
    await nextTask()
    const validate = await page()
    const again = await validate(structuredClone(warned))
    expect(again).toEqual(first) // without the unknown fields, with the warnings
    expect(JSON.stringify(again.journey)).not.toContain('owner_email')
    await nextTask() // nor fetched ahead of time
    expect(loads.count).toBe(1)
    // Unreadable memory: validated again.
    localStorage.setItem('milepost:valid:w', '{broken')
    expect(await (await page())(warned)).toEqual(first)
    expect(loads.count).toBe(2)
  })

  it('remembers one journey with warnings at a time: the last one', async () => {
    const one = { ...journey, notes: 'one' }
    const two = { ...journey, notes: 'two' }
    await (await page())(one)
    await nextTask()
    await (await page())(two)
    await nextTask()
    expect(await (await page())(two)).toEqual(validateNow(two))
    expect(loads.count).toBe(2)
    expect(await (await page())(one)).toEqual(validateNow(one))
    expect(loads.count).toBe(3)
  })

  it('fetches the validator again after a failed load: an early fetch lost in a network blip does not refuse the journey', async () => {
    loads.fail = true
    const validate = await page()
    await nextTask() // the early fetch of a first visit fails
    expect(loads.count).toBe(1)
    loads.fail = false
    expect(await validate(journey)).toEqual(validateNow(journey))
    expect(loads.count).toBe(2)
  })

  it('refuses the journey with a clear issue when the validator cannot load', async () => {
    loads.fail = true
    const validate = await page()
    expect(await validate(journey)).toEqual({
      issues: [{ path: '', message: 'the validator could not load: Error: https://cdn.example/milepost/milepost-validate.min.js could not load (Error: 404)', severity: 'error' }],
    })
  })
})
