// The whole journey with the keyboard alone; Escape returns focus to the launcher.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { focused, frames, mount, startUi, type Mp, type UiHarness } from './ui-harness'
import { manualState } from './ui-scenario'

let ui: UiHarness
beforeAll(async () => {
  ui = await startUi()
})
afterAll(() => ui?.close())

const calls = (p: import('playwright-core').Page) => p.evaluate(() => (window as unknown as { mp: Mp }).mp.calls())

/** Presses Tab until focus is on `className` inside the widget; fails after 30 presses. */
const tabTo = async (p: import('playwright-core').Page, className: string, key = 'Tab') => {
  for (let i = 0; i < 30; i++) {
    if ((await focused(p)).split(' ').includes(className)) return
    await p.keyboard.press(key)
  }
  throw new Error(`never reached .${className}`)
}
const tabToBox = async (p: import('playwright-core').Page, label: string) => {
  for (let i = 0; i < 30; i++) {
    const name = await p.evaluate(() => {
      const el = document.querySelector('milepost-ui')?.shadowRoot?.activeElement
      return el instanceof HTMLInputElement && el.type === 'checkbox' && !el.checked ? el.closest('label')?.textContent ?? '' : ''
    })
    if (name === label) return
    await p.keyboard.press('Tab')
  }
  throw new Error(`never reached the box for ${label}`)
}

describe('keyboard only', () => {
  it('completes every step of a journey, rates the milestone, and never loses focus', async () => {
    const p = await ui.open()
    await mount(p, manualState())
    await p.keyboard.press('Tab') // into the page: the host's own controls come first
    await tabTo(p, 'lc')
    await p.keyboard.press('Enter')
    expect(await focused(p)).toBe('pn')

    for (const title of ['Read the welcome note', 'Set your timezone']) {
      await tabToBox(p, title)
      await p.keyboard.press('Space')
      await p.waitForTimeout(30)
      expect(await focused(p)).toBe('INPUT') // the ticked box keeps focus after the re-render
    }
    expect((await calls(p)).complete).toEqual(['a', 'b'])
    // Milestone m1 completed: the celebration and its question are reachable after the panel.
    await frames(p)
    // The step and the milestone it completed, each told (one replaced the other before).
    expect((await p.evaluate(() => [...document.querySelector('milepost-ui')!.shadowRoot!.querySelectorAll('[role=log] p')].map((e) => e.textContent))).slice(-2))
      .toEqual(['Done: Set your timezone', 'Milestone reached: Say hello'])

    await tabToBox(p, 'Say hi in chat')
    await p.keyboard.press('Space')
    await p.waitForTimeout(30)
    expect((await calls(p)).complete).toEqual(['a', 'b', 'c'])
    expect(await p.evaluate(() => document.querySelector('milepost-ui')!.shadowRoot!.querySelector('.lc')!.textContent)).toContain('3/3')

    // Close the panel, then answer the question with the keyboard.
    await p.keyboard.press('Escape')
    expect(await focused(p)).toBe('lc ok') // the journey is done: the small check launcher
    const label = () => p.evaluate(() => document.querySelector('milepost-ui')!.shadowRoot!.activeElement?.getAttribute('aria-label'))
    await p.keyboard.press('Tab')
    expect(await label()).toBe('1 of 5, Hard')
    await p.keyboard.press('Tab')
    await p.keyboard.press('Tab')
    expect(await label()).toBe('3 of 5')
    await p.keyboard.press('Enter')
    expect((await calls(p)).record).toEqual([{ type: 'track', name: 'milestone:rated', props: { milestoneId: 'm2', score: 3 } }])
    expect(await focused(p)).toBe('lc ok')
    await ui.check(p)
  })

  it('closes the panel on Escape and gives focus back to the launcher', async () => {
    const p = await ui.open()
    await mount(p, manualState())
    await p.keyboard.press('Tab')
    await tabTo(p, 'lc')
    await p.keyboard.press('Enter')
    await p.keyboard.press('Tab')
    await p.keyboard.press('Tab')
    expect(await focused(p)).not.toBe('pn')
    await p.keyboard.press('Escape')
    expect(await focused(p)).toBe('lc')
    expect(await p.evaluate(() => document.querySelector('milepost-ui')!.shadowRoot!.querySelector('.pn'))).toBeNull()
    await ui.check(p)
  })

  it('hands a step to a teammate with the keyboard', async () => {
    const p = await ui.open()
    await mount(p, manualState())
    await p.evaluate(() => (window as unknown as { mp: Mp }).mp.fire('open'))
    for (let i = 0; i < 30 && !(await p.evaluate(() => document.querySelector('milepost-ui')!.shadowRoot!.activeElement?.textContent === 'Ask a teammate')); i++) {
      await p.keyboard.press('Tab')
    }
    await p.keyboard.press('Enter')
    await p.keyboard.type('ana@acme.test')
    await p.keyboard.press('Tab')
    await p.keyboard.type('Could you?')
    await p.keyboard.press('Tab')
    await p.keyboard.press('Enter')
    await frames(p)
    expect((await calls(p)).record).toEqual([{ type: 'track', name: 'step:delegated', props: { stepId: 'a', to: 'ana@acme.test', note: 'Could you?' } }])
    expect(await p.evaluate(() => document.querySelector('milepost-ui')!.shadowRoot!.querySelector('.s')!.textContent)).toContain('With ana@acme.test')
    await ui.check(p)
  })
})
