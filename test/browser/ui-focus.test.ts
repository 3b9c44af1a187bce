// Focus after an action whose control goes away: never on <body>, never back at the top of the
// panel, but on the next control after the step, in reading order.
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { frames, mount, startUi, type Mp, type UiHarness } from './ui-harness'
import { demoState } from './ui-scenario'

let ui: UiHarness
beforeAll(async () => {
  ui = await startUi()
})
afterAll(() => ui?.close())

/** Where focus is: `body`, or the widget's focused element as "TAG text". */
const where = (p: Page) => p.evaluate(() => {
  if (document.activeElement === document.body) return 'body'
  const el = document.querySelector('milepost-ui')!.shadowRoot!.activeElement
  return el ? `${el.tagName} ${el.classList.contains('pn') ? '(panel)' : el.textContent!.trim()}` : 'outside'
})

/** Opens the panel and presses Enter on the button named `name` (keyboard, as a user would). */
const press = async (p: Page, name: string) => {
  await p.evaluate(() => (window as unknown as { mp: Mp }).mp.fire('open'))
  await frames(p)
  await p.evaluate((n) => [...document.querySelector('milepost-ui')!.shadowRoot!.querySelectorAll<HTMLElement>('button')]
    .find((b) => b.textContent === n)!.focus(), name)
  expect(await where(p)).toBe(`BUTTON ${name}`)
  await p.keyboard.press('Enter')
}

describe('focus after an action', () => {
  it('moves on to the next control when the host completes a named action\'s step ("Invite")', async () => {
    const p = await ui.open()
    await mount(p, demoState({ next: null }))
    await press(p, 'Invite')
    expect((await p.evaluate(() => (window as unknown as { mp: Mp }).mp.calls().emit)).at(-1)).toEqual(['action', { name: 'open-invite', stepId: 'invite' }])
    // The host opens its invite dialog, the user invites, the runtime completes the step.
    await p.evaluate(() => {
      const mp = (window as unknown as { mp: Mp }).mp
      const st = mp.state()
      mp.push({ ...st, milestones: st.milestones.map((m) => ({ ...m, steps: m.steps.map((s) => (s.id === 'invite' ? { ...s, done: true } : s)) })) })
    })
    await frames(p, 3)
    expect(await where(p)).toBe('BUTTON Dashboard shared')
    await ui.check(p)
  })

  it('goes back to where it was in the page when "Hide it" takes the launcher away, not to <body>', async () => {
    const p = await ui.open()
    await p.evaluate(() => {
      const input = document.createElement('input')
      input.id = 'host-input'
      document.body.append(input) // the last control before the widget
    })
    await mount(p, demoState({ next: null }))
    await frames(p)
    await p.focus('#host-input')
    for (let i = 0; i < 10 && !/^BUTTON .*Onboarding/.test(await where(p)); i++) await p.keyboard.press('Tab') // to the launcher
    await p.keyboard.press('Enter')
    await frames(p)
    await p.evaluate(() => [...document.querySelector('milepost-ui')!.shadowRoot!.querySelectorAll<HTMLElement>('button')]
      .find((b) => b.textContent === 'Hide checklist')!.focus())
    await p.keyboard.press('Enter')
    await frames(p)
    expect(await where(p)).toBe('BUTTON Hide it')
    await p.keyboard.press('Enter')
    await p.evaluate(() => {
      const mp = (window as unknown as { mp: Mp }).mp
      mp.push({ ...mp.state(), dismissed: true }) // the runtime's state once the hide is recorded
    })
    await frames(p, 3)
    expect(await p.evaluate(() => document.querySelector('milepost-ui')!.shadowRoot!.querySelector('.lc'))).toBeNull()
    expect(await p.evaluate(() => document.activeElement?.id)).toBe('host-input')
    await ui.check(p)
  })

  it('moves on to the next control after Skip, not to the top of the panel', async () => {
    const p = await ui.open()
    await mount(p, demoState({ next: null }))
    await press(p, 'Skip')
    await frames(p)
    expect(await where(p)).toBe('BUTTON Skip it') // "Skip this step?" asks first
    await p.keyboard.press('Enter')
    await p.waitForTimeout(30) // the fake instance resolves the skip after 5 ms, like a write
    await frames(p, 3)
    expect((await p.evaluate(() => (window as unknown as { mp: Mp }).mp.calls().skip))).toEqual(['chart'])
    expect(await where(p)).toBe('BUTTON Team invited')
    await ui.check(p)
  })
})
