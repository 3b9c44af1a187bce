import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { aJourney, aMilestone, aStep } from '../builders'
import { launch, page, ready, serve, stepDone } from './helpers'
import type { Browser } from './helpers'

const journey = aJourney({
  milestones: [
    aMilestone({
      id: 'setup',
      steps: [
        aStep({ id: 'see-todo', completeWhen: { visible: '.todo' } }),
        aStep({ id: 'tick', completeWhen: { visible: '.todo.done' } }),
        aStep({ id: 'tick-again', completeWhen: { visible: '.todo.done' } }),
        aStep({ id: 'see-report', completeWhen: { visible: '#report' } }),
        aStep({ id: 'report-ready', completeWhen: { visible: '.card[data-state="ready"]' } }),
        aStep({ id: 'see-chart', completeWhen: { visible: '#chart' } }),
        aStep({ id: 'chart-loaded', completeWhen: { visible: '.chart.loaded' } }),
        aStep({ id: 'footer-lit', completeWhen: { visible: '#footer.lit' } }),
        aStep({ id: 'shadow-ready', completeWhen: { visible: 'acme-chart >>> .chart-ready' } }),
        aStep({ id: 'late-ready', completeWhen: { visible: 'late-card >>> .ready' } }),
        aStep({ id: 'see-welcome', completeWhen: { visible: '.offcanvas .welcome' } }),
        aStep({ id: 'see-tip', completeWhen: { visible: '#tip' } }),
      ],
    }),
  ],
})
// Without the UI: its own updates would change the page's DOM, and a trigger test must not lean on them.
const tag = `data-config-url="/journey.json" data-user-id="u1" data-ui="false" data-traits='{"signedUpAt":"2026-11-01T09:00:00Z"}'`
// A closed off-canvas panel (Bootstrap's: in the viewport, visibility: hidden until shown).
const body = `<style>.offcanvas{position:fixed;top:0;right:0;width:200px;visibility:hidden}.offcanvas.show{visibility:visible}</style>
<aside class="offcanvas"><p class="welcome">Welcome aboard</p></aside>
<p id="tip" style="position:fixed;bottom:0;left:0;visibility:hidden">Tip</p>
<ul><li class="todo" id="t1">Invite a teammate</li></ul>
<section id="report" class="card">Report</section>
<acme-chart></acme-chart><late-card></late-card>
<div style="height:3000px"></div><p id="footer">Footer</p>`

let server: Awaited<ReturnType<typeof serve>>
let browser: Browser
let p: Page
const done = (ids: string[]) => Promise.all(ids.map((id) => stepDone(p, id)))
const until = (id: string) => p.waitForFunction((stepId) => {
  const mp = (window as unknown as { Milepost: { getState(): { milestones: Array<{ steps: Array<{ id: string; done: boolean }> }> } } }).Milepost
  return mp.getState().milestones.flatMap((m) => m.steps).some((s) => s.id === stepId && s.done)
}, id)

beforeAll(async () => {
  server = await serve({ '/journey.json': JSON.stringify(journey), '*': page(tag, body) })
})
afterAll(() => server.close())
beforeEach(async () => {
  browser = await launch()
  p = await browser.open(server.url + '/app')
  await ready(p)
})
afterEach(async () => {
  await browser.check(p)
  await browser.close()
})

describe('the visible trigger in Chromium', () => {
  it('completes a step when an element already seen for another step comes to match by a class change', async () => {
    await until('see-todo') // the list item is observed, in view, and its intersection will not change
    expect(await done(['tick', 'tick-again'])).toEqual([false, false])
    await p.evaluate(() => document.getElementById('t1')!.classList.add('done'))
    await until('tick')
    expect(await done(['tick', 'tick-again'])).toEqual([true, true])
  })

  it('does not count an element in view that is not drawn (visibility: hidden), and counts it once the page shows it', async () => {
    await until('see-todo') // the watchers have scanned the page
    await p.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))
    expect(await done(['see-welcome'])).toEqual([false])
    await p.evaluate(() => document.querySelector('.offcanvas')!.classList.add('show'))
    await until('see-welcome')
    // Shown through its inline style alone (a React style prop, jQuery's .css()).
    expect(await done(['see-tip'])).toEqual([false])
    await p.evaluate(() => (document.getElementById('tip')!.style.visibility = 'visible'))
    await until('see-tip')
  })

  it('completes both steps whose selectors one element satisfies, at once and one after the other', async () => {
    await until('see-report')
    await p.evaluate(() => document.getElementById('report')!.setAttribute('data-state', 'ready'))
    await until('report-ready')
    await p.evaluate(() => {
      const chart = document.createElement('div')
      chart.id = 'chart'
      chart.className = 'chart loaded'
      chart.textContent = 'Chart'
      document.body.prepend(chart)
    })
    await until('see-chart')
    await until('chart-loaded')
  })

  it('completes a step whose element a component renders in its open shadow root after it was attached', async () => {
    // The component attaches its shadow root as it connects, and fills it later (its data came):
    // nothing changes in the page's own DOM then.
    await p.evaluate(() => document.querySelector('acme-chart')!.attachShadow({ mode: 'open' }).innerHTML = '<p>Loading</p>')
    await p.evaluate(() => document.body.append(document.createElement('hr'))) // a scan that sees the new shadow root
    await until('see-todo')
    expect(await stepDone(p, 'shadow-ready')).toBe(false)
    await p.evaluate(() => {
      const ready = document.createElement('div')
      ready.className = 'chart-ready'
      ready.textContent = 'Revenue'
      document.querySelector('acme-chart')!.shadowRoot!.append(ready)
    })
    await until('shadow-ready')
  })

  it('completes a step whose element is in the shadow root of a custom element defined after the page loaded (bb-r29)', async () => {
    // In the page from the start, undefined: its shadow root comes as it upgrades, and nothing
    // changes in the page's own DOM then.
    await until('see-todo')
    expect(await stepDone(p, 'late-ready')).toBe(false)
    await p.evaluate(() => customElements.define('late-card', class extends HTMLElement {
      constructor() {
        super()
        this.attachShadow({ mode: 'open' }).innerHTML = '<div class="ready">Ready</div>'
      }
    }))
    await until('late-ready')
  })

  it('waits for an element that comes to match out of view until it is scrolled into view', async () => {
    await p.evaluate(() => document.getElementById('footer')!.classList.add('lit'))
    await p.waitForTimeout(300)
    expect(await stepDone(p, 'footer-lit')).toBe(false)
    await p.evaluate(() => document.getElementById('footer')!.scrollIntoView())
    await until('footer-lit')
  })
})
