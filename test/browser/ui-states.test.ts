// Every UI state at 1280×800 and 375×667 (touch), light and dark, one page per size and scheme
// (reduced motion, so colours are measured still): axe 0 violations; every visible tooltip 8 px
// inside the viewport, on top of everything of the widget, and off the cards in the corner (above
// the open panel and waiting while it covers the target: ui-fit.test.ts); on a phone every control at
// least 44×44 px; after each state's action, focus is not on <body>. Screenshots of each state go
// to .tmp/screens/state-<name>-<size>-<scheme>.png (docs/ui.md "States"; a few are in docs/img).
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { UiState } from '../../src/ui/instance'
import { frames, mount, SCREENS, startUi, type Mp, type UiHarness } from './ui-harness'
import { demoNudge, demoState } from './ui-scenario'

let ui: UiHarness
beforeAll(async () => {
  ui = await startUi()
})
afterAll(() => ui?.close())

const mp = (p: Page, name: 'fire' | 'push', ...args: unknown[]) =>
  p.evaluate(([n, a]) => ((window as unknown as { mp: Mp }).mp[n as 'fire'] as (...x: unknown[]) => void)(...(a as unknown[])), [name, args] as const)
const fire = (p: Page, name: string, detail?: unknown) => mp(p, 'fire', name, detail)
/** A real click (or tap) on a control of the widget, by its text or label: focus moves as for a user. */
const press = (p: Page, label: string) =>
  p.locator('milepost-ui').locator('button, a').filter({ hasText: label }).or(p.locator(`milepost-ui [aria-label="${label}"]`)).first().click()

/** The demo journey with every step done. */
const allDone = (): UiState => {
  const st = demoState({ next: null })
  return { ...st, done: true, percent: 100, slipDays: 0, milestones: st.milestones.map((m) => ({
    ...m, done: true, status: 'done', colour: 'green', percent: 100, reason: '', resolvedSteps: m.requiredSteps,
    steps: m.steps.map((s) => ({ ...s, done: !s.skipped })),
  })) }
}
/** demoState whose tooltip points at `#low`, a button at the bottom right where the celebration sits. */
const lowTip = (): UiState => {
  const st = demoState()
  return { ...st, milestones: st.milestones.map((m) => ({ ...m, steps: m.steps.map((s) => (s.step.tooltip
    ? { ...s, step: { ...s.step, tooltip: { ...s.step.tooltip, target: '#low', placement: 'top' as const } } } : s)) })) }
}
const hostCss = '#low{position:fixed;right:24px;bottom:110px}'
const body = '<button id="low" type="button">Low</button>'

interface State {
  /** Puts the widget in this state (from a fresh mount). */
  show(p: Page): Promise<unknown>
  /** What a user does there; focus must then be somewhere, not on <body>. */
  act?(p: Page): Promise<unknown>
}
const states: Record<string, State> = {
  closed: { show: (p) => mount(p, demoState({ next: null })), act: (p) => p.locator('milepost-ui .lc').click() },
  open: { show: async (p) => (await mount(p, demoState({ next: null })), fire(p, 'open')), act: (p) => press(p, 'Close') },
  tooltip: { show: (p) => mount(p, demoState()), act: (p) => press(p, 'Got it') },
  nudge: { show: (p) => mount(p, demoState({ next: null, nudges: [demoNudge()] })), act: (p) => press(p, 'Dismiss') },
  celebration: {
    show: async (p) => (await mount(p, lowTip()), fire(p, 'milestone:completed', { milestoneId: 'setup' })),
    act: (p) => press(p, '4 of 5'),
  },
  'delegate form': {
    show: async (p) => (await mount(p, demoState({ next: null })), fire(p, 'open'), press(p, 'Ask a teammate')),
    act: async (p) => (await p.locator('milepost-ui .dg input').fill('Ana'), press(p, 'Send')),
  },
  'all done': {
    // Finished here: the journey's own moment, the launcher a check mark.
    show: async (p) => (await mount(p, demoState({ next: null })), mp(p, 'push', allDone()), fire(p, 'milestone:completed', { milestoneId: 'share' })),
    act: (p) => press(p, 'Close'),
  },
  overdue: {
    show: async (p) => {
      await mount(p, demoState({ next: null }))
      await fire(p, 'open')
      await p.evaluate(() => document.querySelector('milepost-ui')!.shadowRoot!.querySelector('.red')!.scrollIntoView())
    },
    act: async (p) => {
      await p.locator('milepost-ui [data-first="invite"]').click()
      await p.locator('milepost-ui [data-sure="invite"]').click()
    },
  },
}

const axe = async (p: Page) => {
  if (!(await p.evaluate(() => 'axe' in window))) await p.addScriptTag({ url: '/axe.js' })
  return p.evaluate(async () => {
    const run = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: Array<{ id: string; nodes: Array<{ target: unknown }> }> }> } }).axe.run
    const { violations } = await run(document, { resultTypes: ['violations'] })
    return violations.map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(' | ')}`)
  })
}

/** Each visible tooltip: what is wrong with it (outside the 8 px margin, under something, on the card). */
const tooltipFaults = (p: Page) => p.evaluate(() => {
  const root = document.querySelector('milepost-ui')!.shadowRoot!
  const tip = root.querySelector<HTMLElement>('.tp')
  if (!tip || getComputedStyle(tip).visibility !== 'visible') return { shown: false, faults: [] as string[] }
  const r = tip.getBoundingClientRect()
  const faults: string[] = []
  if (r.left < 8 || r.top < 8 || r.right > innerWidth - 8 || r.bottom > innerHeight - 8) faults.push(`outside the margin: ${JSON.stringify(r)}`)
  for (const [x, y] of [[r.left + 4, r.top + 4], [r.right - 4, r.top + 4], [r.left + 4, r.bottom - 4], [r.right - 4, r.bottom - 4], [r.left + r.width / 2, r.top + r.height / 2]]) {
    const top = root.elementFromPoint(x!, y!)
    if (!top || !tip.contains(top)) faults.push(`under ${top?.className || top?.tagName} at ${Math.round(x!)},${Math.round(y!)}`)
  }
  for (const card of [...root.querySelectorAll('.st>.nc, .ch')].map((c) => c.getBoundingClientRect())) {
    if (r.left < card.right && r.right > card.left && r.top < card.bottom && r.bottom > card.top) faults.push('over a card')
  }
  return { shown: true, faults }
})

/** Visible controls smaller than 44×44 px (a checkbox counts by its label). */
const small = (p: Page) => p.evaluate(() => {
  const root = document.querySelector('milepost-ui')!.shadowRoot!
  return [...root.querySelectorAll<HTMLElement>('button, a, label.sl, input:not([type=checkbox]), textarea')].flatMap((el) => {
    const r = el.getBoundingClientRect()
    if (!r.width || el.closest('.tp') && getComputedStyle(el).visibility !== 'visible') return []
    return r.width < 44 || r.height < 44 ? [`${el.getAttribute('aria-label') ?? el.textContent!.trim().slice(0, 24)} ${Math.round(r.width)}×${Math.round(r.height)}`] : []
  })
})

const focusIn = (p: Page) => p.evaluate(() => {
  const el = document.activeElement
  if (!el || el === document.body) return 'body'
  return el.tagName === 'MILEPOST-UI' ? `widget ${el.shadowRoot!.activeElement?.className || el.shadowRoot!.activeElement?.tagName}` : `page ${el.id || el.tagName}`
})

const sizes = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true },
}

for (const [size, context] of Object.entries(sizes)) {
  for (const scheme of ['light', 'dark'] as const) {
    describe(`every state, ${size}, ${scheme}`, () => {
      it('axe 0, tooltips inside and on top, tap targets, focus after each action', async () => {
        // theme 'auto' follows the host page: a dark page for the dark run.
        const css = hostCss + (scheme === 'dark' ? 'html{color-scheme:dark;background:#0d1117;color:#e6edf3}' : '')
        const p = await ui.open({ hostCss: css, body }, { ...context, colorScheme: scheme, reducedMotion: 'reduce' })
        expect(await p.evaluate(() => document.querySelector<HTMLElement>('milepost-ui')?.dataset.theme ?? 'not drawn yet')).toBe('not drawn yet')
        if (size === 'phone') expect(await p.evaluate(() => matchMedia('(pointer: coarse)').matches)).toBe(true)
        const tips: string[] = []
        for (const [name, { show, act }] of Object.entries(states)) {
          await show(p)
          await frames(p, 4)
          await p.screenshot({ path: join(SCREENS, `state-${name.replace(' ', '-')}-${size}-${scheme}.png`) })
          expect(await axe(p), `${name}: axe`).toEqual([])
          const tip = await tooltipFaults(p)
          if (tip.shown) tips.push(name)
          expect(tip.faults, `${name}: tooltip`).toEqual([])
          if (size === 'phone') expect(await small(p), `${name}: tap targets`).toEqual([])
          if (act) {
            await act(p)
            await p.waitForTimeout(30) // the fake instance answers a skip after 5 ms
            await frames(p, 3)
            expect(await focusIn(p), `${name}: focus after the action`).not.toBe('body')
          }
        }
        expect(await p.evaluate(() => document.querySelector<HTMLElement>('milepost-ui')!.dataset.theme)).toBe(scheme)
        // The page switches theme later with a class on <html>, as apps do: the widget follows.
        const other = scheme === 'light' ? 'dark' : 'light'
        await p.evaluate((to) => {
          const style = document.head.appendChild(document.createElement('style'))
          style.textContent = `html.flip{color-scheme:${to};background:${to === 'dark' ? '#0d1117' : '#fff'};color:${to === 'dark' ? '#e6edf3' : '#1f2328'}}`
          document.documentElement.classList.add('flip')
        }, other)
        await expect.poll(() => p.evaluate(() => document.querySelector<HTMLElement>('milepost-ui')!.dataset.theme)).toBe(other)
        await frames(p, 2)
        await p.screenshot({ path: join(SCREENS, `state-switched-to-${other}-${size}.png`) })
        // The tooltip showed where expected; on the celebration it is either clear of the card or waiting.
        expect(tips).toEqual(expect.arrayContaining(['tooltip']))
        await ui.check(p)
      })
    })
  }
}

describe('the celebration burst', () => {
  const pieces = (p: Page) => p.evaluate(() => [...document.querySelector('milepost-ui')!.shadowRoot!.querySelectorAll('.cf i')]
    .filter((i) => getComputedStyle(i).display !== 'none').map((i) => getComputedStyle(i).animationName))
  it('flies out: fourteen pieces animate', async () => {
    const p = await ui.open({}, { viewport: { width: 375, height: 667 } })
    await mount(p, demoState({ next: null }))
    await fire(p, 'milestone:completed', { milestoneId: 'setup' })
    await frames(p)
    expect(await pieces(p)).toEqual(Array(14).fill('mp-fly'))
    await ui.check(p)
  })
  it('stays still under reduced motion: six pieces beside the badge, none moving', async () => {
    const p = await ui.open({}, { viewport: { width: 375, height: 667 }, reducedMotion: 'reduce' })
    await mount(p, demoState({ next: null }))
    await fire(p, 'milestone:completed', { milestoneId: 'setup' })
    await frames(p)
    expect(await pieces(p)).toEqual(Array(6).fill('none'))
    await ui.check(p)
  })
})
