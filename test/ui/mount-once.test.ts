// @vitest-environment happy-dom
// One UI per instance (a second mountUi() returns the first's unmount), and `strings` that are not text.
import { afterEach, describe, expect, it } from 'vitest'
import { aJourney, aMilestone, aNudge, aStep, stateOf } from '../builders'
import { mountUi } from '../../src/ui/index'
import type { UiStrings } from '../../src/ui/strings'
import { fakeInstance, settle } from './fake-instance'
import { aState, NOW } from './states'
import { button, openPanel, q, text } from './dom'

const unmounts: Array<() => void> = []
afterEach(() => void unmounts.splice(0).forEach((u) => u()))
const mount = (...args: Parameters<typeof mountUi>) => {
  const unmount = mountUi(...args)
  unmounts.push(unmount)
  return unmount
}
const errors = (fake: ReturnType<typeof fakeInstance>) => fake.calls.emit.filter(([n]) => n === 'error').map(([, e]) => e)
const card = { title: 'Stuck?', body: 'Most teams finish in five minutes.' }

describe('mountUi() twice on one instance', () => {
  it('draws one widget, records a nudge shown once, and returns the first mount\'s unmount', async () => {
    const journey = aJourney({ milestones: [aMilestone({ id: 'm1', steps: [aStep({ id: 's1' })] })], nudges: [aNudge({ id: 'n1', card })] })
    const fake = fakeInstance(stateOf(journey, [], NOW), {}, { journey, now: NOW })
    const first = mount(fake.instance)
    const second = mount(fake.instance)
    await settle()
    expect(second).toBe(first)
    expect(document.querySelectorAll('milepost-ui')).toHaveLength(1)
    expect(q('.nc')).not.toBeNull()
    expect(fake.calls.record).toEqual([{ type: 'nudge', nudgeId: 'n1', action: 'shown' }])
    expect(errors(fake)).toEqual([]) // no options: nothing to say
    second()
    expect(document.querySelectorAll('milepost-ui')).toHaveLength(0)
  })

  it('ignores a second call\'s options, and mounts anew (with new options) once unmounted', () => {
    const fake = fakeInstance(aState())
    const first = mount(fake.instance, { position: 'bottom-left' })
    expect(mount(fake.instance, { strings: { launcher: 'Other' } })).toBe(first)
    expect(text(q('.lc'))).toContain('Onboarding checklist')
    first()
    const again = mount(fake.instance, { strings: { launcher: 'Other' } })
    expect(again).not.toBe(first)
    expect(document.querySelectorAll('milepost-ui')).toHaveLength(1)
    expect(q('.lc')!.getAttribute('aria-label') ?? text(q('.lc'))).toContain('Other')
  })

  it('keeps one UI per instance: another instance gets its own', () => {
    const a = fakeInstance(aState())
    const b = fakeInstance(aState())
    expect(mount(a.instance)).not.toBe(mount(b.instance))
    expect(document.querySelectorAll('milepost-ui')).toHaveLength(2)
  })
})

describe('strings that are not text', () => {
  it('are ignored (the key keeps its default) and reported once as an input error', () => {
    const fake = fakeInstance(aState(), { strings: { close: 7, ask: 'Kollegen fragen' } as unknown as Partial<UiStrings> })
    mount(fake.instance, { strings: { launcher: 5, count: null, ask: false, skip: undefined } as unknown as Partial<UiStrings> })
    expect(text(q('.lc'))).toBe('0/1Onboarding checklist') // the defaults, not "5" or "null"
    openPanel()
    expect(button('Ask a teammate')).toBeDefined() // the default, not init's string under the mount's `false`
    expect(button('Skip')).toBeDefined() // `undefined` is as if not given, and not reported
    expect(errors(fake)).toEqual([{ kind: 'input', message: 'strings: close, ask, launcher, count must be text; ignored' }])
  })
})
