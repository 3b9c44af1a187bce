// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest'
import { aJourney, aMilestone, aStep } from '../builders'
import type { Step } from '../../src/core/types'
import { button, click, mountJourney, openPanel, q, qa, text } from './dom'
import { type Engine, settle } from './fake-instance'

/** Mounts one milestone holding one step, panel open and the milestone expanded (even when done). */
const withStep = (step: Partial<Step>, { done = false, skipped = false }: { done?: boolean; skipped?: boolean } = {}, events: Engine['events'] = []) => {
  const st = aStep(step)
  const ui = mountJourney({
    journey: aJourney({ milestones: [aMilestone({ steps: [st] })] }),
    events: [...(done ? [{ type: 'complete', stepId: st.id } as const] : []), ...(skipped ? [{ type: 'skip', stepId: st.id } as const] : []), ...events],
  })
  ui.fire('open') // a done journey shows no launcher
  if (q('.mh')!.getAttribute('aria-expanded') !== 'true') click(q('.mh'))
  return ui
}

describe('a manual step', () => {
  it('has a checkbox named by the step title that completes it', () => {
    const ui = withStep({ id: 'invite', title: 'Invite a teammate' })
    const box = q<HTMLInputElement>('.s input[type=checkbox]')!
    expect(text(box.closest('label'))).toBe('Invite a teammate')
    click(box)
    expect(ui.calls.complete).toEqual(['invite'])
  })

  it('shows done as a ticked box and the word "Done", and cannot be unticked', () => {
    const ui = withStep({ id: 'invite' }, { done: true })
    const box = q<HTMLInputElement>('.s input[type=checkbox]')!
    expect(box.checked).toBe(true)
    expect(text(q('.s .tg'))).toBe('Done')
    click(box)
    expect(box.checked).toBe(true)
    expect(ui.calls.complete).toEqual([])
  })
})

describe('a step that completes by itself', () => {
  it('has no checkbox, a status mark, and its title', () => {
    withStep({ title: 'Upload a file', completeWhen: { event: 'file:uploaded' } })
    expect(q('.s input')).toBeNull()
    expect(q('.s .ck')).not.toBeNull()
    expect(text(q('.s .sl'))).toBe('Upload a file')
  })

  it('marks done with the word "Done" and hides its actions', () => {
    withStep({ completeWhen: { event: 'x' }, cta: { label: 'Go', href: '/go' } }, { done: true })
    expect(q('.s .ck.on')).not.toBeNull()
    expect(text(q('.s .tg'))).toBe('Done')
    expect(q('.s .ac')).toBeNull()
  })
})

describe('step actions', () => {
  it('skips after asking "Skip this step?", focus on "Skip it"', () => {
    const ui = withStep({ id: 'billing' })
    click(button('Skip'))
    expect(ui.calls.skip).toEqual([])
    expect(text(q('.s .ac'))).toContain('Skip this step?')
    expect(document.querySelector('milepost-ui')!.shadowRoot!.activeElement).toBe(button('Skip it'))
    click(button('Skip it'))
    expect(ui.calls.skip).toEqual(['billing'])
  })

  it('keeps the step with "Keep it", focus back on Skip', () => {
    const ui = withStep({ id: 'billing' })
    click(button('Skip'))
    click(button('Keep it'))
    expect([ui.calls.skip, button('Skip it')]).toEqual([[], undefined])
    expect(document.querySelector('milepost-ui')!.shadowRoot!.activeElement).toBe(button('Skip'))
  })

  // bb-r24 (accessibility): Escape on "Skip this step?" closed the whole panel.
  it('answers Escape on "Skip this step?" with "Keep it", and on a teammate\'s form by closing it; the panel stays, then a second Escape closes it', () => {
    const ui = withStep({ id: 'billing' })
    const escape = () => document.querySelector('milepost-ui')!.shadowRoot!.activeElement!
      .dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }))
    const active = () => document.querySelector('milepost-ui')!.shadowRoot!.activeElement
    click(button('Skip'))
    escape()
    expect([ui.calls.skip, button('Skip it'), q('.pn') != null, active()]).toEqual([[], undefined, true, button('Skip')])
    click(button('Ask a teammate'))
    expect(q('.dg')).not.toBeNull()
    escape()
    expect([q('.dg'), q('.pn') != null, active()]).toEqual([null, true, button('Ask a teammate')])
    escape()
    expect([q('.pn'), active()]).toEqual([null, q('.lc')])
  })

  it('shows a skipped step as "Skipped", without actions', () => {
    withStep({}, { skipped: true })
    expect(text(q('.s .tg'))).toBe('Skipped')
    expect(button('Skip')).toBeUndefined()
  })

  it('labels an optional step', () => {
    withStep({ optional: true })
    expect(text(q('.s .tg'))).toBe('Optional')
  })

  it('shows the description', () => {
    withStep({ description: 'Two minutes, tops.' })
    expect(text(q('.s .de'))).toBe('Two minutes, tops.')
  })

  it('renders an http(s) or relative call to action as a link, in a new tab only to another origin', () => {
    const other = 'https://other.test/reports'
    for (const href of [other, '/reports/new', 'reports?x=1', '#here']) {
      withStep({ cta: { label: 'Create a report', href } })
      const link = qa<HTMLAnchorElement>('a.bt').at(-1)!
      expect([text(link), link.getAttribute('href'), link.target, link.rel]).toEqual(href === other
        ? ['Create a report (opens in a new tab)', href, '_blank', 'noopener noreferrer']
        : ['Create a report', href, '', ''])
      document.body.replaceChildren()
    }
  })

  it('does not link a call to action to the page the user is on; shows its named action instead', () => {
    const here = location.pathname + location.search
    withStep({ cta: { label: 'Open this page', href: here } })
    expect([q('a.bt'), text(q('.ac'))]).toEqual([null, 'SkipAsk a teammate'])
    document.body.replaceChildren()
    withStep({ cta: { label: 'Open this page', href: here, action: 'open-here' } })
    expect(text(button('Open this page'))).toBe('Open this page')
  })

  it('offers "Show me" instead of a link to this page when its tooltip target is here: the panel closes, the tooltip points at it', () => {
    const here = location.pathname + location.search
    document.body.innerHTML = '<button id="add-source">Add a data source</button>'
    withStep({ id: 'add', title: 'Add a data source', cta: { label: 'Open data sources', href: here }, tooltip: { target: '#add-source', text: 'Pick your database' } })
    expect(q('a.bt')).toBeNull()
    click(button('Show me'))
    expect(q('.pn')).toBeNull()
    expect(text(q('.tp p'))).toBe('Pick your database')
  })

  it('closes the panel when a call to action leads elsewhere in the app, so the page it opens is not under it', () => {
    withStep({ cta: { label: 'Open reports', href: '/reports' } })
    const link = q<HTMLAnchorElement>('a.bt')!
    link.addEventListener('click', (e) => e.preventDefault())
    click(link)
    expect(q('.pn')).toBeNull()
    expect(q('.lc')!.getAttribute('aria-expanded')).toBe('false')
  })

  it('hands a link into the app to the host\'s router (navigate) instead of loading the page; a modified click or a failing router is left to the browser', async () => {
    const journey = aJourney({ milestones: [aMilestone({ steps: [aStep({ cta: { label: 'Open reports', href: 'reports?tab=new#top' } })] })] })
    const went: string[] = []
    /** Whether the browser would load the page: the click's default, seen after Milepost's handler. */
    const loads = (link: Element, init: MouseEventInit = {}) => {
      let load = false
      // Last to hear it: reads the verdict, then keeps happy-dom from following the link.
      document.addEventListener('click', (e) => void ((load = !e.defaultPrevented), e.preventDefault()), { once: true })
      link.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, composed: true, ...init }))
      return load
    }
    let fails: false | 'throws' | 'rejects' = false
    const ui = mountJourney({ journey }, {}, {
      navigate: (href) => {
        if (fails === 'throws') throw new Error('no route')
        if (fails === 'rejects') return Promise.reject(new Error('no such page')) as unknown as void
        went.push(href)
      },
    })
    openPanel()
    if (q('.mh')!.getAttribute('aria-expanded') !== 'true') click(q('.mh'))
    expect(loads(q('a.bt')!)).toBe(false)
    expect(went).toEqual([`${location.pathname.replace(/[^/]*$/, '')}reports?tab=new#top`]) // resolved: the path the router wants
    expect(q('.pn')).toBeNull() // and the panel is out of the way, as for any link into the app
    openPanel()
    expect(loads(q('a.bt')!, { metaKey: true })).toBe(true) // a new tab: the browser's
    fails = 'throws'
    openPanel()
    expect(loads(q('a.bt')!)).toBe(true)
    // A router whose push returns a Promise that fails (an async router): told, and the page loads after all.
    fails = 'rejects'
    openPanel()
    const assign = vi.spyOn(location, 'assign').mockImplementation(() => {})
    expect(loads(q('a.bt')!)).toBe(false)
    await vi.waitFor(() => expect(assign).toHaveBeenCalledTimes(1))
    expect(String(assign.mock.calls[0]![0])).toMatch(/\/reports\?tab=new#top$/)
    expect(ui.calls.emit.filter(([n]) => n === 'error').map(([, e]) => (e as { message: string }).message))
      .toEqual(['navigate() failed: Error: no route', 'navigate() failed: Error: no such page'])
    expect(went).toHaveLength(1)
    assign.mockRestore()
  })

  it('keeps the panel open for a link to another origin (a new tab) and for a named action', () => {
    const ui = withStep({ cta: { label: 'Read the docs', href: 'https://other.test/docs' } })
    const link = q<HTMLAnchorElement>('a.bt')!
    link.addEventListener('click', (e) => e.preventDefault())
    click(link)
    expect(q('.pn')).not.toBeNull()
    ui.unmount()
    document.body.replaceChildren()
    withStep({ id: 'connect', cta: { label: 'Connect Slack', action: 'open-slack' } })
    click(button('Connect Slack'))
    expect(q('.pn')).not.toBeNull()
  })

  it('renders javascript:, data: and vbscript: links as plain text', () => {
    for (const href of ['javascript:alert(1)', ' JaVaScRiPt:alert(1)', 'java\tscript:alert(1)', 'data:text/html,<b>x</b>', 'vbscript:x']) {
      withStep({ cta: { label: 'Create a report', href } })
      expect(q('a')).toBeNull()
      expect(text(q('span.bt'))).toBe('Create a report')
      document.body.replaceChildren()
    }
  })

  it('renders a named action as a button that the host receives through on("action")', () => {
    const ui = withStep({ id: 'connect', cta: { label: 'Connect Slack', action: 'open-slack' } })
    click(button('Connect Slack'))
    expect(ui.calls.emit).toContainEqual(['action', { name: 'open-slack', stepId: 'connect' }])
  })

  it('lists resources as links that open in a new tab, named by their kind', () => {
    withStep({ resources: [{ title: 'Quick tour', url: 'https://acme.test/tour', kind: 'video' }, { title: 'Talk to us', url: '/call', kind: 'call' }] })
    const links = qa<HTMLAnchorElement>('.rs a')
    expect(links.map((a) => [text(a), a.getAttribute('href'), a.target, a.rel])).toEqual([
      ['Video Quick tour (opens in a new tab)', 'https://acme.test/tour', '_blank', 'noopener noreferrer'],
      ['Book a call Talk to us (opens in a new tab)', '/call', '_blank', 'noopener noreferrer'],
    ])
  })

  it('shows a resource with an unsafe URL as text', () => {
    withStep({ resources: [{ title: 'Bad', url: 'javascript:void(0)' }] })
    expect(q('.rs a')).toBeNull()
    expect(text(q('.rs'))).toBe('Link Bad')
  })
})

describe('ask a teammate', () => {
  it('opens a form, records a step:delegated event, and shows who has the step', async () => {
    const ui = withStep({ id: 'billing', title: 'Add billing' })
    click(button('Ask a teammate'))
    expect(button('Ask a teammate')!.getAttribute('aria-expanded')).toBe('true')
    q<HTMLInputElement>('.dg input[name=to]')!.value = '  ana@acme.test '
    q<HTMLTextAreaElement>('.dg textarea')!.value = 'Can you add the card?'
    q<HTMLFormElement>('.dg')!.dispatchEvent(new Event('submit', { cancelable: true }))
    expect(ui.calls.record).toEqual([{ type: 'track', name: 'step:delegated', props: { stepId: 'billing', to: 'ana@acme.test', note: 'Can you add the card?' } }])
    await settle()
    expect(q('.dg')).toBeNull()
    expect(text(q('.s'))).toContain('With ana@acme.test')
    expect(text(q('[role=log]'))).toBe('Sent to ana@acme.test')
  })

  it('leaves the note out when empty and records nothing without a name', () => {
    const ui = withStep({ id: 'billing' })
    click(button('Ask a teammate'))
    const form = q<HTMLFormElement>('.dg')!
    form.dispatchEvent(new Event('submit', { cancelable: true }))
    expect(ui.calls.record).toEqual([])
    q<HTMLInputElement>('.dg input[name=to]')!.value = 'Ana'
    form.dispatchEvent(new Event('submit', { cancelable: true }))
    expect(ui.calls.record).toEqual([{ type: 'track', name: 'step:delegated', props: { stepId: 'billing', to: 'Ana' } }])
  })

  it('shows who has a step from progress recorded earlier (the latest hand-off wins)', () => {
    withStep({ id: 'billing' }, {}, [
      { type: 'track', name: 'step:delegated', at: 1, props: { stepId: 'billing', to: 'Ana' } },
      { type: 'track', name: 'step:delegated', at: 2, props: { stepId: 'billing', to: 'Bo' } },
      { type: 'track', name: 'step:delegated', at: 3, props: { stepId: 'other', to: 'Cy' } },
    ])
    expect(text(q('.s'))).toContain('With Bo')
    expect(text(q('.s'))).not.toContain('Ana')
  })

  it('closes the form on Cancel', () => {
    withStep({})
    click(button('Ask a teammate'))
    click(button('Cancel'))
    expect(q('.dg')).toBeNull()
  })

  it('moves focus to the name field when the form opens', () => {
    withStep({})
    click(button('Ask a teammate'))
    expect(document.querySelector('milepost-ui')!.shadowRoot!.activeElement).toBe(q('.dg input'))
  })

  it('gives focus back to its "Ask a teammate" button on Cancel and after sending, never to the page', () => {
    withStep({ id: 'invite' })
    click(button('Ask a teammate'))
    click(button('Cancel'))
    expect(document.querySelector('milepost-ui')!.shadowRoot!.activeElement).toBe(q('[data-ask="invite"]'))
    click(button('Ask a teammate'))
    q<HTMLInputElement>('.dg input')!.value = 'sam@example.com'
    q<HTMLFormElement>('.dg')!.requestSubmit()
    expect(q('.dg')).toBeNull()
    expect(document.querySelector('milepost-ui')!.shadowRoot!.activeElement).toBe(q('[data-ask="invite"]'))
  })
})

describe('skipping', () => {
  it('keeps focus on "Skip it" until the skipped state arrives (then it moves on: ui-focus.test.ts)', () => {
    const ui = withStep({ id: 'invite' })
    click(button('Skip'))
    click(button('Skip it'))
    expect(ui.calls.skip).toEqual(['invite'])
    expect(document.querySelector('milepost-ui')!.shadowRoot!.activeElement).toBe(button('Skip it'))
  })

  // bb-r32 (screen reader): a skip said nothing; the step just went from the list's open ones.
  it('tells the skip in the live region once the state shows the step skipped, not before', async () => {
    const ui = withStep({ id: 'invite', title: 'Invite a teammate' })
    click(button('Skip'))
    click(button('Skip it'))
    await settle()
    expect(q('[role=log]')!.textContent).toBe('')
    ui.arrive({ type: 'skip', stepId: 'invite' })
    await settle()
    expect(q('[role=log]')!.textContent).toBe('Skipped: Invite a teammate')
  })

  it('says nothing of a skip made in another tab', async () => {
    const ui = withStep({ id: 'invite', title: 'Invite a teammate' })
    ui.arrive({ type: 'skip', stepId: 'invite' })
    await settle()
    expect([text(q('.s .tg')), q('[role=log]')!.textContent]).toEqual(['Skipped', ''])
  })
})

describe('the current step', () => {
  it('is the only one of its milestone showing its actions: the first open step, after done ones', () => {
    mountJourney({
      journey: aJourney({ milestones: [aMilestone({ steps: ['a', 'b', 'c'].map((id) => aStep({ id, title: id.toUpperCase(), cta: { label: `Do ${id}`, action: id } })) })] }),
      events: [{ type: 'complete', stepId: 'a' }],
    })
    openPanel()
    expect(qa('.s').map((li) => [li.getAttribute('data-step'), li.querySelector('.ac') !== null])).toEqual([['a', false], ['b', true], ['c', false]])
    expect(qa('.s .ac button').map(text)).toEqual(['Do b', 'Skip', 'Ask a teammate'])
  })
})
