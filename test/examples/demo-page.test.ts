// @vitest-environment happy-dom
// The demo's Home page (what `npm start` opens) says it is Milepost's demo and what to try, in plain
// text of its own (nothing of the journey or the user is rendered into it); its preview link loads
// the page anew, so Milepost reads ?milepost-preview as it starts, while the app's links route in place.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
// @ts-expect-error plain JS module of the demo
import { pageValues, renderPage } from '../../examples/demo-app/server/page.mjs'

const root = process.cwd()
const read = (path: string) => readFileSync(join(root, path), 'utf8')

const intro = () => document.querySelector<HTMLElement>('[data-route="/"] .demo-intro')!

beforeAll(async () => {
  const html: string = await renderPage(join(root, 'examples/demo-app/index.html'), pageValues({ userId: 'demo-test', signedUpAt: Date.now() - 2 * 86_400_000 }, 'pro'))
  document.body.innerHTML = html.slice(html.indexOf('<body>') + 6, html.indexOf('</body>'))
  // The app's own script (routing, the loader stub), as the page runs it; the SDK is not loaded.
  new Function(read('examples/demo-app/assets/app.js'))()
})

describe('the demo’s Home page', () => {
  it('opens with a note that this is Milepost’s demo and four things to try, from docs/demo.md', () => {
    const note = intro()
    expect(note).not.toBeNull()
    expect(note.closest<HTMLElement>('[data-route]')!.hidden).toBe(false) // Home is the page shown at /
    expect(note.querySelector('#demo-intro-title')!.textContent).toBe('This is Milepost’s demo.')
    const items = [...note.querySelectorAll('li')].map((li) => li.textContent!.replace(/\s+/g, ' '))
    expect(items).toHaveLength(4)
    expect(items[0]).toContain('Add a data source → Connect')
    expect(items[1]).toContain('“Connect your data today” tooltip')
    expect(items[2]).toContain('?milepost-preview&milepost-day=5')
    expect(items[3]).toContain('npm run seed')
    // docs/demo.md says the same (the preview and the dashboard's login link included).
    const doc = read('docs/demo.md')
    for (const text of ['Add a data source', 'Connect your data today', '?milepost-preview&milepost-day=5', 'npm run seed', '/dashboard/login?token=']) {
      expect(doc).toContain(text)
    }
  })

  it('renders nothing of the user or the journey into the note', () => {
    const template = read('examples/demo-app/index.html')
    const note = template.slice(template.indexOf('class="demo-intro"'), template.indexOf('<h1 tabindex="-1">Welcome back</h1>'))
    expect(note).toContain('This is Milepost’s demo.')
    expect(note).not.toMatch(/\{\{/)
    expect(intro().innerHTML).not.toContain('demo-test')
  })

  it('loads the page anew for the preview link, and routes the app’s own links in place', () => {
    const click = (a: HTMLAnchorElement) => {
      const event = new MouseEvent('click', { bubbles: true, cancelable: true, composed: true, button: 0 })
      a.dispatchEvent(event)
      return event.defaultPrevented
    }
    const preview = intro().querySelector<HTMLAnchorElement>('a')!
    expect(preview.getAttribute('href')).toBe('/?milepost-preview&milepost-day=5')
    expect(click(preview)).toBe(false) // the browser navigates: a new page load
    expect(click(document.querySelector<HTMLAnchorElement>('.sidebar a[href="/sources"]')!)).toBe(true)
    expect(location.pathname).toBe('/sources')
  })
})
