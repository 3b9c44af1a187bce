// Strict CSP, Trusted Types, the nonce fallback, and hostile host CSS: the widget stays styled,
// causes 0 violations, and its styles never leak into the page.
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { box, frames, mount, startUi, type Mp, type UiHarness } from './ui-harness'
import { demoNudge, demoState } from './ui-scenario'

let ui: UiHarness
beforeAll(async () => {
  ui = await startUi()
})
afterAll(() => ui?.close())

const STRICT = "default-src 'self'; style-src 'self'"
const everything = async (p: Page, options: Parameters<Mp['mount']>[1] = {}) => {
  await mount(p, demoState({ nudges: [demoNudge()] }), options)
  await p.evaluate(() => {
    const mp = (window as unknown as { mp: Mp }).mp
    mp.fire('milestone:completed', { milestoneId: 'setup' })
    mp.fire('open')
  })
  await frames(p, 3)
}
const style = (p: Page, selector: string, props: string[]) => p.evaluate(([s, ps]) => {
  const el = document.querySelector('milepost-ui')!.shadowRoot!.querySelector(s as string)!
  const cs = getComputedStyle(el)
  return (ps as string[]).map((k) => cs.getPropertyValue(k))
}, [selector, props] as const)

describe('strict CSP', () => {
  it(`is styled and positioned with 0 violations under "${STRICT}"`, async () => {
    const plain = await ui.open()
    await everything(plain)
    const expected = await box(plain, '.tp')
    const p = await ui.open({ csp: STRICT })
    await everything(p)
    expect(await style(p, '.lc', ['background-color', 'position'])).toEqual(['rgb(11, 87, 208)', 'static'])
    expect(await style(p, '.st', ['position'])).toEqual(['fixed'])
    expect(await style(p, '.tp', ['visibility'])).toEqual(['visible'])
    const tip = (await box(p, '.tp'))!
    expect(Math.abs(tip.x - expected!.x) + Math.abs(tip.y - expected!.y)).toBeLessThanOrEqual(1)
    await ui.check(p)
    await ui.check(plain)
  })

  it('causes 0 Trusted Types violations', async () => {
    const p = await ui.open({ csp: `${STRICT}; require-trusted-types-for 'script'` })
    await everything(p)
    expect(await style(p, '.lc', ['background-color'])).toEqual(['rgb(11, 87, 208)'])
    await ui.check(p)
  })

  it('falls back to a <style> carrying the nonce where constructable stylesheets are missing', async () => {
    const noAdopt = () => { delete (ShadowRoot.prototype as { adoptedStyleSheets?: unknown }).adoptedStyleSheets }
    const p = await ui.open({ csp: "default-src 'self'; style-src 'self' 'nonce-r4nd0m'", init: noAdopt })
    await everything(p, { nonce: 'r4nd0m' })
    expect(await style(p, '.lc', ['background-color'])).toEqual(['rgb(11, 87, 208)'])
    expect(await p.evaluate(() => document.querySelector('milepost-ui')!.shadowRoot!.querySelector('style')!.nonce)).toBe('r4nd0m')
    await ui.check(p)
  })

  it('(the check works: without the nonce the fallback <style> is blocked and reported)', async () => {
    const noAdopt = () => { delete (ShadowRoot.prototype as { adoptedStyleSheets?: unknown }).adoptedStyleSheets }
    const p = await ui.open({ csp: STRICT, init: noAdopt })
    await everything(p)
    expect((await p.evaluate(() => (window as unknown as { __bad: string[] }).__bad)).join()).toContain('style-src')
  })
})

describe('hostile host CSS', () => {
  const hostile = '*{all:unset}div,section,aside{display:none!important}button{background:red!important;font-size:40px!important}' +
    'body{font:30px serif;text-transform:uppercase;letter-spacing:4px;direction:ltr}' +
    'milepost-ui{display:inline!important}'

  it('does not hide or restyle the widget', async () => {
    const p = await ui.open({ hostCss: hostile })
    await everything(p)
    const launcher = (await box(p, '.lc'))!
    expect(launcher.width).toBeGreaterThan(40)
    expect(launcher.x + launcher.width).toBeLessThanOrEqual(1024 - 15)
    expect(await style(p, '.lc', ['background-color', 'font-size', 'text-transform', 'letter-spacing'])).toEqual(['rgb(11, 87, 208)', '14px', 'none', 'normal'])
    const panel = (await box(p, '.pn'))!
    expect(panel.height).toBeGreaterThan(100)
    expect(await style(p, '.pn', ['display', 'background-color'])).toEqual(['block', 'rgb(255, 255, 255)'])
    await ui.check(p)
  })

  it('never leaks its styles into the page, and the host widget keeps working', async () => {
    const p = await ui.open()
    const read = () => p.evaluate(() => ['#counter', 'h1', 'main'].map((s) => {
      const cs = getComputedStyle(document.querySelector(s)!)
      return [cs.font, cs.color, cs.backgroundColor, cs.margin, cs.padding, cs.boxSizing, cs.border].join(';')
    }))
    const before = await read()
    await everything(p)
    expect(await read()).toEqual(before)
    await p.click('#counter')
    expect(await p.textContent('#counter')).toBe('Clicked 1')
    expect(await p.evaluate(() => document.styleSheets.length + document.adoptedStyleSheets.length)).toBe(0)
    await ui.check(p)
  })
})
