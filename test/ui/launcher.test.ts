// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest'
import { aStep } from '../builders'
import { aMilestoneState, aState, aStepState } from './states'
import { click, mount, q, qa, shadow, text } from './dom'
import { settle } from './fake-instance'

const eightSteps = () => [
  aMilestoneState({ id: 'm1', steps: [1, 2, 3, 4].map((i) => aStepState({ step: aStep({ id: `a${i}` }), done: i <= 3 })) }),
  aMilestoneState({ id: 'm2', steps: [1, 2, 3, 4].map((i) => aStepState({ step: aStep({ id: `b${i}` }) })) }),
]

describe('launcher', () => {
  it('shows the count of required steps done, "3/8", and a progress ring', () => {
    mount(aState({ percent: 38, milestones: eightSteps() }))
    expect(text(q('.lc'))).toContain('3/8')
    expect(q('.lc .rg circle + circle')?.getAttribute('stroke-dasharray')).toBe('38 100')
  })

  it('counts skipped steps as resolved and leaves optional steps out', () => {
    const steps = [
      aStepState({ step: aStep({ id: 'x' }), skipped: true }),
      aStepState({ step: aStep({ id: 'y' }) }),
      aStepState({ step: aStep({ id: 'z' }), optional: true, done: true }),
    ]
    mount(aState({ milestones: [aMilestoneState({ steps })] }))
    expect(text(q('.lc'))).toContain('1/2')
  })

  it('has an accessible name and says whether the panel is open', () => {
    mount(aState())
    const launcher = q('.lc')!
    expect(text(launcher)).toContain('Onboarding checklist')
    expect(launcher.getAttribute('aria-expanded')).toBe('false')
    click(launcher)
    expect(q('.lc')!.getAttribute('aria-expanded')).toBe('true')
    expect(q('#mp-p')).not.toBeNull()
  })

  it('sits bottom-right by default and bottom-left when asked', () => {
    mount(aState())
    expect(q('.st')!.classList.contains('bl')).toBe(false)
    document.body.replaceChildren()
    mount(aState(), { position: 'bottom-left' })
    expect(q('.st')!.classList.contains('bl')).toBe(true)
  })

  it('shows nothing until the journey is ready, then appears', async () => {
    const ui = mount(aState({ ready: false, milestones: [] }))
    expect(qa('button')).toHaveLength(0)
    ui.push(aState())
    await settle()
    expect(q('.lc')).not.toBeNull()
  })

  it('adds nothing to the page before a ready state, and builds its shadow root in a task of its own', async () => {
    let resume = () => {}
    const scheduler = { yield: vi.fn(() => new Promise<void>((r) => (resume = r))) }
    vi.stubGlobal('scheduler', scheduler)
    try {
      const ui = mount(aState({ ready: false, milestones: [] }))
      expect(document.querySelector('milepost-ui')).toBeNull()
      ui.push(aState())
      await settle()
      expect(scheduler.yield).toHaveBeenCalledTimes(1)
      expect(document.querySelector('milepost-ui')).toBeNull() // still the task that made it ready
      resume()
      await settle()
      expect(q('.lc')).not.toBeNull()
    } finally {
      vi.unstubAllGlobals()
    }
  })

  it('shows nothing when this user gets no milestone', () => {
    mount(aState({ milestones: [] }))
    expect(text()).toBe('')
  })
})

describe('unmount', () => {
  it('removes the element, its subscription and every listener', () => {
    const ui = mount(aState())
    expect(ui.listeners()).toBeGreaterThan(0)
    ui.unmount()
    expect(document.querySelector('milepost-ui')).toBeNull()
    expect(ui.listeners()).toBe(0)
  })

  it('can be called twice', () => {
    const ui = mount(aState())
    ui.unmount()
    expect(() => ui.unmount()).not.toThrow()
    expect(shadow()).toBeNull()
  })

  it('stops rendering later snapshots', async () => {
    const ui = mount(aState())
    ui.unmount()
    ui.push(aState({ title: 'Changed' }))
    await settle()
    expect(document.body.children).toHaveLength(0)
  })
})
