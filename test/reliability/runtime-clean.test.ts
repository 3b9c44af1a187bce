// @vitest-environment happy-dom
// Finding 1 of issue 13, client side: the runtime cleans text before it queues anything (NUL
// removed, lone surrogates to U+FFFD), so pasted text and names cut with `slice` always sync, and
// what the page shows is what the server keeps.
import { describe, expect, it } from 'vitest'
import type { ProgressEvent } from '../../src/core/types'
import { saved, start } from '../runtime/harness'
import { aTable } from './table'

const table = aTable('Reliability: the runtime cleans text before queuing (happy-dom)')
const cut = 'Zoë 😀 Ltd'.slice(0, 5)

describe('the runtime, given text PostgreSQL would refuse', () => {
  it('queues tracked names and props cleaned, and keeps traits cleaned', async () => {
    const mp = await start({ user: { id: 'u1', traits: { company: cut, when: new Date(0) as never } } }) // a Date, as JavaScript hosts pass
    await mp.track('pasted\0name', { note: 'a\0b', company: cut })
    const outbox = [...(await saved()).entries()].filter(([k]) => k.includes('|out:')).map(([, v]) => v as ProgressEvent)
    const tracked = outbox.find((e) => e.type == 'track')!
    expect(tracked).toMatchObject({ name: 'pastedname', props: { note: 'ab', company: 'Zoë \uFFFD' } })
    expect(mp.getState().user.traits).toEqual({ company: 'Zoë \uFFFD', when: '1970-01-01T00:00:00.000Z' })
    table.add({ case: '1 track() with a NUL and a cut emoji; a cut trait', expected: 'queued cleaned', observed: JSON.stringify(tracked.props), lost: 0, fivexx: 0 })
  })

  it('cleans a user id with a lone surrogate, which would otherwise be refused on every sync', async () => {
    const mp = await start({ user: { id: 'user-' + '😀'.slice(0, 1) } })
    expect(mp.getState().user.id).toBe('user-\uFFFD')
    await mp.identify('other\0id')
    expect(mp.getState().user.id).toBe('otherid')
    table.add({ case: '1 user ids with a lone surrogate or a NUL', expected: 'cleaned at init and identify', observed: mp.getState().user.id, lost: 0, fivexx: 0 })
  })
})
