// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { aNudge, DAY_MS } from '../builders'
import { aNudgeState, aState, NOW } from './states'
import { button, click, mount, openPanel, q, qa, text } from './dom'

const card = {
  title: 'Stuck on your first report?',
  body: 'Most teams finish it in five minutes.',
  goal: 'Your first report by day 7',
  resources: [{ title: 'Report guide', url: 'https://acme.test/guide', kind: 'guide' as const }],
  actions: [{ label: 'Open reports', href: '/reports' }, { label: 'Chat with us', action: 'open-chat' }],
}
const { card: _unused, ...withoutCard } = aNudge({ id: 'tip', tooltip: { target: '#x', text: 'x' } })
const stalled = (over: Parameters<typeof aNudge>[0] = {}) => aNudgeState({ nudge: aNudge({ id: 'n1', card, ...over }) })

describe('nudge cards', () => {
  it('shows the title, body, goal, resources and actions', () => {
    mount(aState({ nudges: [stalled()] }))
    expect(text(q('.nc h2'))).toBe('Stuck on your first report?')
    expect(text(q('.nc'))).toContain('Most teams finish it in five minutes.')
    expect(text(q('.nc .gl'))).toBe('Goal: Your first report by day 7')
    expect(q<HTMLAnchorElement>('.nc .rs a')!.href).toBe('https://acme.test/guide')
    expect(q<HTMLAnchorElement>('.nc a.bt')!.getAttribute('href')).toBe('/reports')
    expect(button('Chat with us')).toBeDefined()
    expect(button('Remind me tomorrow')).toBeDefined()
    expect(button('Dismiss')).toBeDefined()
  })

  it('emits and records nudge:shown once when it appears', async () => {
    const ui = mount(aState({ nudges: [stalled()] }))
    ui.push(aState({ nudges: [stalled()] }))
    await Promise.resolve()
    expect(ui.calls.emit.filter(([n]) => n === 'nudge:shown')).toEqual([['nudge:shown', { nudgeId: 'n1' }]])
    expect(ui.calls.record).toEqual([{ type: 'nudge', nudgeId: 'n1', action: 'shown' }])
  })

  it('shows only the first nudge that may show and has a card: one at a time', () => {
    mount(aState({ nudges: [
      aNudgeState({ show: false, nudge: aNudge({ id: 'capped', card: { title: 'Capped' } }) }),
      aNudgeState({ nudge: withoutCard }),
      aNudgeState({ nudge: aNudge({ id: 'first', card: { title: 'First' } }) }),
      aNudgeState({ nudge: aNudge({ id: 'second', card: { title: 'Second' } }) }),
    ] }))
    expect(qa('.nc').map((c) => text(c.querySelector('h2')))).toEqual(['First'])
  })

  it('keeps the card it showed while its signal holds, even once its caps say no more shows', async () => {
    const ui = mount(aState({ nudges: [stalled()] }))
    ui.push(aState({ nudges: [{ ...stalled(), show: false }] }))
    await Promise.resolve()
    expect(text(q('.nc h2'))).toBe('Stuck on your first report?')
  })

  it('takes the card away once its signal no longer holds (the stall is over), without recording anything', async () => {
    const ui = mount(aState({ nudges: [stalled()] }))
    const recorded = ui.calls.record.length
    ui.push(aState({ nudges: [] }))
    await Promise.resolve()
    expect(q('.nc')).toBeNull()
    expect(ui.calls.record.length).toBe(recorded)
  })

  it('records and emits a click on an action link, and closes', () => {
    const ui = mount(aState({ nudges: [stalled()] }))
    const link = q<HTMLAnchorElement>('.nc a.bt')!
    link.addEventListener('click', (e) => e.preventDefault())
    click(link)
    expect(ui.calls.record.at(-1)).toEqual({ type: 'nudge', nudgeId: 'n1', action: 'clicked' })
    expect(ui.calls.emit).toContainEqual(['nudge:clicked', { nudgeId: 'n1' }])
    expect(q('.nc')).toBeNull()
  })

  it('passes a named action to the host with the nudge id', () => {
    const ui = mount(aState({ nudges: [stalled()] }))
    click(button('Chat with us'))
    expect(ui.calls.emit).toContainEqual(['action', { name: 'open-chat', nudgeId: 'n1' }])
    expect(ui.calls.record.at(-1)).toEqual({ type: 'nudge', nudgeId: 'n1', action: 'clicked' })
  })

  it('snoozes until now + snoozeDays on "Remind me"', () => {
    const ui = mount(aState({ nudges: [stalled({ snoozeDays: 3 })] }))
    click(button('Remind me in 3 days'))
    expect(ui.calls.record.at(-1)).toEqual({ type: 'nudge', nudgeId: 'n1', action: 'snoozed', until: NOW + 3 * DAY_MS })
    expect(q('.nc')).toBeNull()
  })

  it('snoozes for one day by default: "Remind me tomorrow"', () => {
    const ui = mount(aState({ nudges: [stalled()] }))
    click(button('Remind me tomorrow'))
    expect(ui.calls.record.at(-1)).toEqual({ type: 'nudge', nudgeId: 'n1', action: 'snoozed', until: NOW + DAY_MS })
  })

  it('records and emits a dismissal', () => {
    const ui = mount(aState({ nudges: [stalled()] }))
    click(button('Dismiss'))
    expect(ui.calls.record.at(-1)).toEqual({ type: 'nudge', nudgeId: 'n1', action: 'dismissed' })
    expect(ui.calls.emit).toContainEqual(['nudge:dismissed', { nudgeId: 'n1' }])
    expect(q('.nc')).toBeNull()
  })

  it('shows the next nudge once the user acted on the first', async () => {
    const next = aNudgeState({ nudge: aNudge({ id: 'n2', card: { title: 'Next one' } }) })
    const ui = mount(aState({ nudges: [stalled(), next] }))
    click(button('Dismiss'))
    ui.push(aState({ nudges: [{ ...stalled(), show: false }, next] }))
    await Promise.resolve()
    expect(text(q('.nc h2'))).toBe('Next one')
  })

  it('moves into the panel while the panel is open', () => {
    mount(aState({ nudges: [stalled()] }))
    openPanel()
    expect(qa('.nc')).toHaveLength(1)
    expect(q('.pn .nc h3')).not.toBeNull()
  })
})
