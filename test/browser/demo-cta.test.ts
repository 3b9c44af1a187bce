// Each call to action of the demo journey, on the demo's own pages at 1280×800 and 375×667 (touch):
// what it leads to is never covered by Milepost, and focus never falls to <body>. A link into the
// app closes the panel; a link to the page the user is on becomes "Show me" (the tooltip points at
// its target); a named action ("Send an invite") opens the app's dialog above everything.
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launch, ready, stepDone, type Browser } from './helpers'
import { serveDemo } from './demo-page'

let demo: Awaited<ReturnType<typeof serveDemo>>
beforeAll(async () => {
  demo = await serveDemo(2)
})
afterAll(() => demo?.close())

type W = { Milepost: { open(): void; complete(id: string): Promise<void>; track(name: string): Promise<void> } }
const frames = (p: Page, n = 3) => p.evaluate((k) => new Promise<void>((r) => {
  const step = (left: number) => (left ? requestAnimationFrame(() => step(left - 1)) : r())
  step(k)
}), n)
/** Clicks a control in the widget by its text. */
const press = (p: Page, label: string) => p.evaluate((l) => {
  const el = [...document.querySelector('milepost-ui')!.shadowRoot!.querySelectorAll<HTMLElement>('a, button')].find((b) => b.textContent === l)
  if (!el) throw new Error(`no "${l}" in the widget`)
  el.click()
}, label)
const openPanel = async (p: Page) => {
  await p.evaluate(() => (window as unknown as W).Milepost.open())
  await frames(p)
}
/** Goes to an app page the way a user does: its sidebar link (SPA). */
const visit = async (p: Page, path: string) => {
  await p.evaluate((to) => document.querySelector<HTMLAnchorElement>(`.sidebar a[href="${to}"]`)!.click(), path)
  await frames(p)
}

/**
 * What covers `selector`: at nine points of its box, what is on top when it is not the element
 * (or inside it); plus every box of the widget (launcher, panel, cards, celebration, tooltip)
 * that intersects it, unless it is a modal dialog (the top layer). [] when nothing does.
 */
const covering = (p: Page, selector: string) => p.evaluate((sel) => {
  const el = document.querySelector(sel)!
  const r = el.getBoundingClientRect()
  if (!r.width || r.top < 0 || r.bottom > innerHeight || r.left < 0 || r.right > innerWidth) return [`${sel} is not in the viewport`]
  const out: string[] = []
  for (const fx of [0.1, 0.5, 0.9]) {
    for (const fy of [0.1, 0.5, 0.9]) {
      const top = document.elementFromPoint(r.left + fx * r.width, r.top + fy * r.height)
      if (!top || !(top === el || el.contains(top))) out.push(`point covered by ${top?.tagName.toLowerCase()}`)
    }
  }
  // A modal dialog is in the top layer: nothing on the page can be drawn above it (the points say so).
  const parts = el.matches(':modal') ? [] : document.querySelector('milepost-ui')?.shadowRoot?.querySelectorAll('.lc, .pn, .nc, .ch, .tp') ?? []
  for (const part of parts) {
    const b = part.getBoundingClientRect()
    if (!b.width || getComputedStyle(part).visibility === 'hidden') continue
    if (b.left < r.right && b.right > r.left && b.top < r.bottom && b.bottom > r.top) out.push(`box of .${part.className}`)
  }
  return out
}, selector)
/** Where focus is: '' when on <body>; else the element, in the widget or not, and whether something covers it. */
const focus = (p: Page) => p.evaluate(() => {
  let el = document.activeElement
  if (!el || el === document.body) return 'body'
  if (el.tagName === 'MILEPOST-UI') return 'widget ' + (el.shadowRoot!.activeElement?.className || el.shadowRoot!.activeElement?.tagName || '')
  if (el.closest('dialog[open]')) return 'dialog'
  const r = el.getBoundingClientRect()
  const top = document.elementFromPoint(r.left + r.width / 2, r.top + Math.min(r.height / 2, 10))
  return top === el || el.contains(top) ? `page ${el.tagName.toLowerCase()}` : `page ${el.tagName.toLowerCase()} covered by ${top?.tagName.toLowerCase()}`
})

const sizes = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true },
}

for (const [size, options] of Object.entries(sizes)) {
  describe(`the demo's calls to action, ${size}`, () => {
    it('never lead to something Milepost covers, and focus never falls to <body>', async () => {
      // A fresh profile: nothing done yet.
      const browser: Browser = await launch(options)
      const p = await browser.open(`${demo.url}/`)
      await ready(p)

      // "Go to Data sources" (a link into the app) from Home: /sources, with its button in view.
      await openPanel(p)
      await press(p, 'Go to Data sources')
      await frames(p, 4)
      expect(new URL(p.url()).pathname).toBe('/sources')
      expect(await covering(p, '#add-source')).toEqual([])
      expect(await focus(p)).toBe('page h1')

      // "Go to Reports" on /reports itself is "Show me": the panel closes, the tooltip points at the button.
      await p.evaluate(async () => {
        const mp = (window as unknown as W).Milepost
        await mp.complete('add-source')
        await mp.complete('first-sync')
      })
      await visit(p, '/reports')
      await expect.poll(() => stepDone(p, 'open-reports')).toBe(true)
      await openPanel(p)
      await press(p, 'Show me')
      await frames(p, 4)
      expect(await covering(p, '#new-report')).toEqual([])
      expect(await focus(p)).toBe('widget tp')
      const tip = await p.evaluate(() => document.querySelector('milepost-ui')!.shadowRoot!.querySelector('.tp')!.textContent)
      expect(tip).toContain('Start your first report here')

      // "Go to Reports" from Home: a link to /reports, whose "New report" is then in view.
      await visit(p, '/')
      await openPanel(p)
      await press(p, 'Go to Reports')
      await frames(p, 4)
      expect(new URL(p.url()).pathname).toBe('/reports')
      expect(await covering(p, '#new-report')).toEqual([])
      expect(await focus(p)).toBe('page h1')

      // "Send an invite" (a named action): the app's own dialog, in the top layer above the panel.
      await p.evaluate(() => (window as unknown as W).Milepost.track('report.created'))
      await expect.poll(() => stepDone(p, 'create-report')).toBe(true)
      await openPanel(p)
      await press(p, 'Send an invite')
      await frames(p)
      expect(await covering(p, '#invite-dialog')).toEqual([])
      expect(await focus(p)).toBe('dialog')
      await p.fill('#invite-email', 'sam@example.com')
      await p.click('#invite-dialog button:not([type=button])')
      await expect.poll(() => stepDone(p, 'invite-teammate')).toBe(true)
      await frames(p, 4)
      expect(await focus(p)).not.toBe('body')
      expect(await focus(p)).not.toContain('covered')
      await browser.check(p)
      await browser.close()
    })
  })
}
