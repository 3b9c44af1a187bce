// @vitest-environment happy-dom
import { execFileSync } from 'node:child_process'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { aJourney, aMilestone, aNudge, aStep, DAY_MS, stateOf } from '../builders'
import type { Nudge } from '../../src/core/types'
import { NOW } from './states'
import { button, click, mountJourney, openPanel, q, qa, said, text } from './dom'
import { settle } from './fake-instance'

const card = {
  title: 'Stuck on your first report?',
  body: 'Most teams finish it in five minutes.',
  goal: 'Your first report by day 7',
  resources: [{ title: 'Report guide', url: 'https://acme.test/guide', kind: 'guide' as const }],
  actions: [{ label: 'Open reports', href: '/reports' }, { label: 'Chat with us', action: 'open-chat' }],
}
const { card: _unused, ...withoutCard } = aNudge({ id: 'tip', tooltip: { target: '#x', text: 'x' } })
/** A card nudge on m1 stalled for 2 days: it holds on day 2 (NOW) with no progress. */
const stalled = (over: Parameters<typeof aNudge>[0] = {}) => aNudge({ id: 'n1', card, ...over })
const journey = (nudges: Nudge[]) => aJourney({ milestones: [aMilestone({ id: 'm1', steps: [aStep({ id: 's1' })] })], nudges })
/** The UI on a core-backed instance: what it records is folded in and evaluated again. */
const withNudges = (...nudges: Nudge[]) => mountJourney({ journey: journey(nudges), now: NOW })

describe('nudge cards', () => {
  it('shows the title, body, goal, resources and actions', () => {
    withNudges(stalled())
    expect(text(q('.nc h2'))).toBe('Stuck on your first report?')
    expect(text(q('.nc'))).toContain('Most teams finish it in five minutes.')
    expect(text(q('.nc .gl'))).toBe('Goal: Your first report by day 7')
    expect(q<HTMLAnchorElement>('.nc .rs a')!.href).toBe('https://acme.test/guide')
    expect(q<HTMLAnchorElement>('.nc a.bt')!.getAttribute('href')).toBe('/reports')
    expect(button('Chat with us')).toBeDefined()
    expect(button('Remind me tomorrow')).toBeDefined()
    expect(button('Dismiss')).toBeDefined()
  })

  // bb-r24 (accessibility): a card appeared in silence for a screen reader; a step done and a milestone reached are told.
  it('tells a new card to screen readers by its title, once, and what comes next after it', async () => {
    const ui = withNudges(stalled())
    await settle()
    expect(said()).toEqual(['Stuck on your first report?'])
    click(button('Remind me tomorrow')!)
    await settle()
    expect(q('.nc')).toBeNull()
    expect(said()).toEqual(['Stuck on your first report?'])
    // The live region goes on telling (it is the UI's own text, not one written past it).
    await ui.instance.record({ type: 'complete', stepId: 's1' } as never)
    ui.fire('step:completed', { stepId: 's1', milestoneId: 'm1' })
    await settle()
    expect(said().at(-1)).toMatch(/^(Done|Milestone reached): /)
  })

  // bb-r32 (keyboard): Escape in the card did nothing; in a tooltip or the panel it closes.
  it('dismisses the card on Escape while focus is in it, focus on to the launcher; Escape elsewhere leaves it', async () => {
    const ui = withNudges(stalled())
    await settle()
    const esc = (el: Element | null) => el!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }))
    // The page hears an Escape the widget did nothing with, not one it acted on (a host's drawer
    // closing on Escape would close too: bb-r33).
    let page = 0
    const hear = () => page++
    document.addEventListener('keydown', hear)
    esc(q('.lc'))
    await settle()
    expect([q('.nc') != null, page]).toEqual([true, 1])
    button('Dismiss')!.focus()
    esc(button('Dismiss')!)
    await settle()
    expect(q('.nc')).toBeNull()
    expect(ui.calls.record.filter((e) => e.type === 'nudge').map((e) => (e as { action: string }).action)).toEqual(['shown', 'dismissed'])
    expect(document.querySelector('milepost-ui')!.shadowRoot!.activeElement).toBe(q('.lc'))
    expect(page).toBe(1)
    document.removeEventListener('keydown', hear)
  })

  it('opens an action to another origin ("Book a call") in a new tab; an in-app one in this tab', () => {
    withNudges(stalled({ card: { ...card, actions: [{ label: 'Book a call', href: 'https://cal.other.test/acme' }, card.actions[0]!] } }))
    expect(qa<HTMLAnchorElement>('.nc a.bt').map((a) => [text(a), a.target, a.rel])).toEqual([
      ['Book a call (opens in a new tab)', '_blank', 'noopener noreferrer'],
      ['Open reports', '', ''],
    ])
  })

  it('emits and records nudge:shown once when it appears, however many snapshots follow', async () => {
    const ui = withNudges(stalled())
    ui.push(stateOf(journey([stalled()]), [], NOW))
    await settle()
    expect(ui.calls.emit.filter(([n]) => n === 'nudge:shown')).toEqual([['nudge:shown', { nudgeId: 'n1' }]])
    expect(ui.calls.record).toEqual([{ type: 'nudge', nudgeId: 'n1', action: 'shown' }])
  })

  it('shows only the first nudge that may show and has a card: one at a time', () => {
    mountJourney({
      journey: journey([
        aNudge({ id: 'capped', card: { title: 'Capped' } }),
        withoutCard,
        aNudge({ id: 'first', card: { title: 'First' } }),
        aNudge({ id: 'second', card: { title: 'Second' } }),
      ]),
      events: [{ type: 'nudge', nudgeId: 'capped', action: 'dismissed', at: NOW - DAY_MS }],
      now: NOW,
    })
    expect(qa('.nc').map((c) => text(c.querySelector('h2')))).toEqual(['First'])
  })

  it('keeps the card it showed while its signal holds, even once its caps say no more shows', async () => {
    const ui = withNudges(stalled({ maxShows: 1 }))
    await settle()
    expect(stateOf(journey([stalled({ maxShows: 1 })]), [{ type: 'nudge', nudgeId: 'n1', action: 'shown', at: NOW }], NOW).nudges[0]?.show).toBe(false)
    expect(ui.calls.record).toEqual([{ type: 'nudge', nudgeId: 'n1', action: 'shown' }])
    expect(text(q('.nc h2'))).toBe('Stuck on your first report?')
  })

  it('takes the card away once its signal no longer holds (the stall is over), without recording anything', async () => {
    const ui = withNudges(stalled())
    const recorded = ui.calls.record.length
    ui.push(stateOf(journey([stalled()]), [{ type: 'complete', stepId: 's1', at: NOW }], NOW))
    await settle()
    expect(q('.nc')).toBeNull()
    expect(ui.calls.record.length).toBe(recorded)
  })

  it('keeps the card when the engine stops offering it while the user has not acted (time passing offline)', async () => {
    const ui = withNudges(stalled())
    // Same progress, the signal no longer holds (a due-soon window over, a session started…).
    ui.push(stateOf(journey([]), [], NOW + DAY_MS))
    await settle()
    expect(text(q('.nc h2'))).toBe('Stuck on your first report?')
    click(button('Dismiss'))
    expect(ui.calls.record.at(-1)).toEqual({ type: 'nudge', nudgeId: 'n1', action: 'dismissed' })
    expect(q('.nc')).toBeNull()
  })

  it('takes the card away when it was dismissed or snoozed elsewhere (another tab, an earlier page merged in), recording nothing', async () => {
    // bb-r30: a nudge dismissed on a fallback page came back on the next page for the moment before
    // the merge, and then stayed on screen after it, though the merged state said dismissed.
    for (const act of [{ action: 'dismissed' }, { action: 'snoozed', until: NOW + DAY_MS }] as const) {
      const ui = withNudges(stalled({ maxShows: 5, everyDays: 0 }))
      await settle()
      expect(text(q('.nc h2'))).toBe('Stuck on your first report?')
      const recorded = ui.calls.record.length
      ui.arrive({ type: 'nudge', nudgeId: 'n1', at: NOW - 60_000, ...act })
      await settle()
      expect(q('.nc')).toBeNull()
      expect(ui.calls.record.length).toBe(recorded)
      ui.unmount()
    }
  })

  it('keeps the card when the record that arrives is an old snooze, long over', async () => {
    const ui = withNudges(stalled({ maxShows: 5, everyDays: 0 }))
    await settle()
    ui.arrive({ type: 'nudge', nudgeId: 'n1', action: 'snoozed', until: NOW - DAY_MS, at: NOW - 2 * DAY_MS })
    await settle()
    expect(text(q('.nc h2'))).toBe('Stuck on your first report?')
  })

  it('takes the card away once a step of its milestone is done, even if its milestone is not', async () => {
    const two = (nudges: Nudge[]) => aJourney({ milestones: [aMilestone({ id: 'm1', steps: [aStep({ id: 's1' }), aStep({ id: 's2' })] })], nudges })
    const ui = mountJourney({ journey: two([stalled()]), now: NOW })
    expect(q('.nc')).not.toBeNull()
    ui.push(stateOf(two([]), [{ type: 'complete', stepId: 's1', at: NOW }], NOW))
    await settle()
    expect(q('.nc')).toBeNull()
  })

  it('records and emits a click on an action link, and closes', () => {
    const ui = withNudges(stalled())
    const link = q<HTMLAnchorElement>('.nc a.bt')!
    link.addEventListener('click', (e) => e.preventDefault())
    click(link)
    expect(ui.calls.record.at(-1)).toEqual({ type: 'nudge', nudgeId: 'n1', action: 'clicked' })
    expect(ui.calls.emit).toContainEqual(['nudge:clicked', { nudgeId: 'n1' }])
    expect(q('.nc')).toBeNull()
  })

  it('passes a named action to the host with the nudge id', () => {
    const ui = withNudges(stalled())
    click(button('Chat with us'))
    expect(ui.calls.emit).toContainEqual(['action', { name: 'open-chat', nudgeId: 'n1' }])
    expect(ui.calls.record.at(-1)).toEqual({ type: 'nudge', nudgeId: 'n1', action: 'clicked' })
  })

  it('snoozes until now + snoozeDays on "Remind me"', () => {
    const ui = withNudges(stalled({ snoozeDays: 3 }))
    click(button('Remind me in 3 days'))
    expect(ui.calls.record.at(-1)).toEqual({ type: 'nudge', nudgeId: 'n1', action: 'snoozed', until: NOW + 3 * DAY_MS })
    expect(q('.nc')).toBeNull()
  })

  it('snoozes for one day by default: "Remind me tomorrow"', () => {
    const ui = withNudges(stalled())
    click(button('Remind me tomorrow'))
    expect(ui.calls.record.at(-1)).toEqual({ type: 'nudge', nudgeId: 'n1', action: 'snoozed', until: NOW + DAY_MS })
  })

  it('"Remind me tomorrow" is a calendar day in the page\'s zone: the same wall-clock time, across a daylight-saving change (bb-r22 r3)', () => {
    // A worker thread cannot change its zone (TZ is read once per process): the controller runs in
    // a Node process of its own, in Europe/Berlin, on the nights before the clocks change.
    const script = `
      import { createServer } from 'vite'
      const v = await createServer({ root: process.cwd(), configFile: false, logLevel: 'silent', server: { middlewareMode: true, hmr: false, ws: false }, appType: 'custom' })
      try {
        const { createController } = await v.ssrLoadModule('/src/ui/controller.ts')
        const out = []
        for (const [at, snoozeDays] of JSON.parse(process.env.CASES)) {
          const c = createController({ record: (e) => out.push(e.until), emit() {} }, {}, () => Date.parse(at), () => {}, () => {})
          c.view.nudge = { id: 'n1', milestone: 'm1', nudge: { id: 'n1', snoozeDays } }
          c.act.nudge('snoozed')
        }
        console.log(JSON.stringify(out.map((t) => new Date(t).toISOString())))
      } finally { await v.close() }`
    const cases = [['2026-03-28T22:30:00Z', 1], ['2026-03-28T22:30:00Z', 2], ['2026-10-24T21:30:00Z', 1]]
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: resolve(dirname(fileURLToPath(import.meta.url)), '../..'), encoding: 'utf8', env: { ...process.env, TZ: 'Europe/Berlin', CASES: JSON.stringify(cases) },
    })
    // Sat 23:30 CET → Sun 23:30 CEST (23 h later), Mon 23:30; Sat 23:30 CEST → Sun 23:30 CET (25 h).
    expect(JSON.parse(out)).toEqual(['2026-03-29T21:30:00.000Z', '2026-03-30T21:30:00.000Z', '2026-10-25T22:30:00.000Z'])
  }, 30_000)

  it('records and emits a dismissal', () => {
    const ui = withNudges(stalled())
    click(button('Dismiss'))
    expect(ui.calls.record.at(-1)).toEqual({ type: 'nudge', nudgeId: 'n1', action: 'dismissed' })
    expect(ui.calls.emit).toContainEqual(['nudge:dismissed', { nudgeId: 'n1' }])
    expect(q('.nc')).toBeNull()
  })

  it('shows the next nudge once the user acted on the first', async () => {
    withNudges(stalled(), aNudge({ id: 'n2', card: { title: 'Next one' } }))
    click(button('Dismiss'))
    await settle()
    expect(text(q('.nc h2'))).toBe('Next one')
  })

  it('moves into the panel while the panel is open', () => {
    withNudges(stalled())
    openPanel()
    expect(qa('.nc')).toHaveLength(1)
    expect(q('.pn .nc h3')).not.toBeNull()
  })
})
