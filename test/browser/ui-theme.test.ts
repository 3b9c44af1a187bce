// theme: 'auto' reads the host page (its color-scheme, else its background), not the OS;
// 'light' / 'dark' override it.
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MountUiOptions } from '../../src/ui/index'
import { frames, mount, startUi, type UiHarness } from './ui-harness'
import { demoState } from './ui-scenario'

let ui: UiHarness
beforeAll(async () => {
  ui = await startUi()
})
afterAll(() => ui?.close())

/** The panel background the user sees once mounted on a page with `hostCss` and the OS in `os`. */
const panelBg = async (hostCss: string, os: 'light' | 'dark', options: MountUiOptions = {}): Promise<string> => {
  const p: Page = await ui.open(hostCss ? { hostCss } : {}, { colorScheme: os })
  await mount(p, demoState({ next: null }), options)
  await frames(p)
  const bg = await p.evaluate(() => getComputedStyle(document.querySelector('milepost-ui')!.shadowRoot!.querySelector('.lc')!).color)
  await ui.check(p)
  return bg
}
// The launcher's text is --mp-on-accent: white in the light palette, near-black in the dark one.
const LIGHT = 'rgb(255, 255, 255)'
const DARK = 'rgb(13, 17, 23)'

describe("theme: 'auto'", () => {
  it('is light on a plain white page even when the OS is dark', async () => {
    expect(await panelBg('', 'dark')).toBe(LIGHT)
  })
  it('is dark on a page with a dark background even when the OS is light', async () => {
    expect(await panelBg('body{background:#101418;color:#eee}', 'light')).toBe(DARK)
  })
  it('follows the page\'s color-scheme when it names one side', async () => {
    expect(await panelBg(':root{color-scheme:dark}', 'light')).toBe(DARK)
    expect(await panelBg(':root{color-scheme:light}', 'dark')).toBe(LIGHT)
  })
  it('follows the OS on a page that declares "light dark" without a background', async () => {
    expect(await panelBg(':root{color-scheme:light dark}', 'dark')).toBe(DARK)
    expect(await panelBg(':root{color-scheme:light dark}', 'light')).toBe(LIGHT)
  })
  it('is overridden by theme: "light" / "dark"', async () => {
    expect(await panelBg('body{background:#101418}', 'dark', { theme: 'light' })).toBe(LIGHT)
    expect(await panelBg('', 'light', { theme: 'dark' })).toBe(DARK)
  })
  it('follows a <body> the page swaps in (Turbo Drive): a dark next page turns it dark', async () => {
    const p: Page = await ui.open({}, { colorScheme: 'light' })
    await mount(p, demoState({ next: null }))
    await frames(p)
    const fg = () => p.evaluate(() => getComputedStyle(document.querySelector('milepost-ui')!.shadowRoot!.querySelector('.lc')!).color)
    expect(await fg()).toBe(LIGHT)
    await p.evaluate(() => {
      const next = document.createElement('body')
      next.style.background = '#101418'
      document.body.replaceWith(next)
    })
    await frames(p, 3)
    expect(await fg()).toBe(DARK)
    await ui.check(p)
  })
})
