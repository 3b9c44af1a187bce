// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest'
import { aJourney, aMilestone, aNudge, aStep } from '../builders'
import { aMilestoneState, aNudgeState, aState, aStepState, NOW } from './states'
import { button, click, mount, mountJourney, openPanel, q, qa, said, text } from './dom'
import { settle } from './fake-instance'

// As the runtime tells it: after the save, with the state showing the milestone and its step done.
const state = aState({ milestones: [aMilestoneState({ id: 'm1', title: 'First report', done: true, status: 'done', steps: [aStepState({ step: aStep({ id: 's1', title: 'Pick a chart' }), done: true })] })] })
/** The same journey for a user who has done nothing of it (another user, after identify()). */
const theirs = aState({ milestones: [aMilestoneState({ id: 'm1', title: 'First report', steps: [aStepState({ step: aStep({ id: 's1', title: 'Pick a chart' }) })] })] })

describe('celebration', () => {
  it('appears when a milestone completes, with its title and a burst', async () => {
    const ui = mount(state)
    ui.fire('milestone:completed', { milestoneId: 'm1' })
    await settle()
    expect(text(q('.ch h2'))).toBe('Milestone reached!')
    expect(text(q('.ch'))).toContain('First report')
    expect(q('.ch .cf')!.getAttribute('aria-hidden')).toBe('true')
  })

  // A UI mounted after the milestone was done (lazily, on milestone:completed: what the script tag does
  // for a user who hid the checklist) celebrates it as it mounts, once it shows done; not another one.
  it('celebrates the milestone given as `cheer` as it mounts, when the state shows it done', async () => {
    mount(state, { cheer: 'm1' })
    await settle()
    expect(text(q('.ch'))).toContain('First report')
    document.body.replaceChildren()
    mount(theirs, { cheer: 'm1' })
    await settle()
    expect(q('.ch')).toBeNull()
  })

  it('offers no "Next up" and Continue to a user who hid the checklist (Continue would open it)', async () => {
    const hidden = aState({ dismissed: true, milestones: [...state.milestones, aMilestoneState({ id: 'm2', title: 'Share it', steps: [aStepState({ step: aStep({ id: 's2', title: 'Share' }) })] })] })
    mount(hidden, { cheer: 'm1' })
    await settle()
    expect(text(q('.ch'))).toContain('First report')
    expect([q('.ch .nx'), q('.ch .go')]).toEqual([null, null])
  })

  it('announces the milestone in the live region', async () => {
    const ui = mount(state)
    ui.fire('milestone:completed', { milestoneId: 'm1' })
    await settle()
    expect(q('[role=log]')!.textContent).toBe('Milestone reached: First report')
  })

  it('records the 1–5 answer as milestone:rated and closes', async () => {
    const ui = mount(state)
    ui.fire('milestone:completed', { milestoneId: 'm1' })
    await settle()
    click(button('4 of 5'))
    expect(ui.calls.record).toEqual([{ type: 'track', name: 'milestone:rated', props: { milestoneId: 'm1', score: 4 } }])
    expect(q('.ch')).toBeNull()
    expect(said()).toEqual(['Milestone reached: First report', 'Thanks for your feedback'])
  })

  it('leaves the question out when rating is off', async () => {
    const ui = mount(state, { rate: false })
    ui.fire('milestone:completed', { milestoneId: 'm1' })
    await settle()
    expect(q('.ch fieldset')).toBeNull()
  })

  it('closes with its close button or Escape, recording nothing', async () => {
    const ui = mount(state)
    ui.fire('milestone:completed', { milestoneId: 'm1' })
    await settle()
    click(q('.ch .x'))
    expect(q('.ch')).toBeNull()
    ui.fire('milestone:completed', { milestoneId: 'm1' })
    await settle()
    q('.ch button')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }))
    expect(q('.ch')).toBeNull()
    expect(ui.calls.record).toEqual([])
  })
})

describe('celebration, what comes next', () => {
  const two = aState({
    title: 'Get started with Acme',
    milestones: [
      aMilestoneState({ id: 'm1', title: 'First report', done: true, status: 'done', steps: [aStepState({ step: aStep({ id: 's1' }), done: true })] }),
      aMilestoneState({ id: 'm2', title: 'Invite your team', steps: [aStepState({ step: aStep({ id: 's2' }) })] }),
    ],
    next: { milestone: 'm2', step: 's2' },
  })

  it('says which milestone is next up', async () => {
    const ui = mount(two)
    ui.fire('milestone:completed', { milestoneId: 'm1' })
    await settle()
    expect(text(q('.ch .nx'))).toBe('Next up: Invite your team')
    expect(text(q('.ch .md'))).toBe('✓')
  })

  // bb-r33 (own changes): Continue opened the panel on the milestone just reached, still expanded,
  // the next one below the panel's edge on a phone (and closed if the user had closed it once).
  it('goes on to the checklist with Continue: the milestone reached folds, the next one opens with focus on its toggle, nothing is recorded', async () => {
    const ui = mount(two)
    openPanel()
    click(qa('.mh').find((b) => text(b) === 'Invite your team')) // closed by the user
    click(q('.pn .x'))
    ui.fire('milestone:completed', { milestoneId: 'm1' })
    await settle()
    click(button('Continue'))
    await settle()
    expect(q('.ch')).toBeNull()
    const toggles = qa('.mh').map((b) => [text(b), b.getAttribute('aria-expanded')])
    expect(toggles).toEqual([['First report', 'false'], ['Invite your team', 'true']])
    expect(q('.pn')!.getRootNode()).toHaveProperty('activeElement', qa('.mh')[1])
    expect(ui.calls.record).toEqual([])
  })

  it('has a moment of its own when the whole journey is done: no next up', async () => {
    const ui = mount({ ...two, done: true, percent: 100, next: null, milestones: two.milestones.map((m) => ({ ...m, done: true, status: 'done' as const })) })
    ui.fire('milestone:completed', { milestoneId: 'm2' })
    await settle()
    expect(q('.ch')!.className).toBe('ch all')
    expect(text(q('.ch h2'))).toBe('You did it!')
    expect(text(q('.ch'))).toContain('You finished “Get started with Acme”.')
    expect(q('.ch .nx')).toBeNull()
    expect([...q('.ch')!.querySelectorAll('button')].map(text)).not.toContain('Continue')
  })

  it('asks "How easy was this?" with both ends of the scale named, on screen and for assistive technology', async () => {
    const ui = mount(state)
    ui.fire('milestone:completed', { milestoneId: 'm1' })
    await settle()
    expect(text(q('.rt legend'))).toBe('How easy was this?')
    expect([...q('.rt')!.querySelectorAll('button')].map((b) => b.getAttribute('aria-label'))).toEqual(['1 of 5, Hard', '2 of 5', '3 of 5', '4 of 5', '5 of 5, Easy'])
    expect([...q('.rt .re')!.children].map(text)).toEqual(['Hard', 'Easy'])
  })
})

describe('with a nudge card', () => {
  // bb-r24 (a React app): a card that came while the celebration showed counted as shown, unseen,
  // and its everyDays then kept it away for a day in a new tab.
  it('records and tells a card that comes under the celebration as shown only once it is on screen', async () => {
    const ui = mount(state)
    ui.fire('milestone:completed', { milestoneId: 'm1' })
    await settle()
    const shown = () => [ui.calls.emit.filter(([n]) => n === 'nudge:shown').length, ui.calls.record.filter((e) => e.type === 'nudge').length]
    ui.push({ ...state, nudges: [aNudgeState({ nudge: aNudge({ id: 'list-hint', card: { title: 'Need a hand with lists?' } }) })] })
    await settle()
    expect([q('.ch') != null, q('.nc'), shown(), said()]).toEqual([true, null, [0, 0], ['Milestone reached: First report']])
    click(button('Close'))
    await settle()
    expect([text(q('.nc h2')), shown(), said()]).toEqual(['Need a hand with lists?', [1, 1], ['Milestone reached: First report', 'Need a hand with lists?']])
    expect(ui.calls.record.filter((e) => e.type === 'nudge')).toEqual([{ type: 'nudge', nudgeId: 'list-hint', action: 'shown' }])
  })

  it('the card waits while the celebration shows, and comes back once it closes (both would overflow a phone)', async () => {
    const ui = mount({ ...state, nudges: [aNudgeState({ nudge: aNudge({ card: { title: 'Invite your team' } }) })] })
    await settle()
    expect(text(q('.nc h2'))).toBe('Invite your team')
    ui.fire('milestone:completed', { milestoneId: 'm1' })
    await settle()
    expect(q('.ch')).not.toBeNull()
    expect(q('.nc')).toBeNull()
    q('.ch button')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }))
    await settle()
    expect(q('.ch')).toBeNull()
    expect(text(q('.nc h2'))).toBe('Invite your team')
  })
})

describe('another user', () => {
  it('neither celebrates nor announces a change the state on screen does not show done (the last user\'s, told after identify())', async () => {
    const ui = mount(theirs)
    ui.fire('milestone:completed', { milestoneId: 'm1' })
    ui.fire('step:completed', { stepId: 's1', milestoneId: 'm1' })
    await settle()
    expect(q('.ch')).toBeNull()
    expect(q('[role=log]')!.textContent).toBe('')
  })

  it('drops the celebration, the card and the live region of the user before when identify() switches users', async () => {
    const ui = mount({ ...state, user: { id: 'alice' } })
    ui.fire('milestone:completed', { milestoneId: 'm1' })
    await settle()
    expect(q('.ch')).not.toBeNull()
    ui.push({ ...theirs, user: { id: 'bob' } })
    await settle()
    expect(q('.ch')).toBeNull()
    expect(q('[role=log]')!.textContent).toBe('')
    // Bob's card (the engine offers it to him), then Alice again, to whom it is not offered.
    ui.push({ ...theirs, user: { id: 'bob' }, nudges: [aNudgeState({ nudge: aNudge({ card: { title: 'Welcome, Bob' } }) })] })
    await settle()
    expect(text(q('.nc h2'))).toBe('Welcome, Bob')
    ui.push({ ...state, user: { id: 'alice' } })
    await settle()
    expect(q('.nc')).toBeNull()
  })
})

describe('live region', () => {
  it('announces each completed step by title', async () => {
    const ui = mount(state)
    const region = q('[role=log]')!
    expect(region.textContent).toBe('')
    ui.fire('step:completed', { stepId: 's1', milestoneId: 'm1' })
    await settle()
    expect(q('[role=log]')!.textContent).toBe('Done: Pick a chart')
  })

  // bb-r32 (screen reader): each message replaced the one before it in the same render, so a step
  // that completed its milestone and the journey was heard as the journey's line alone, and
  // "You did it!" not at all. Each is now a line of its own until the region is drawn.
  it('tells a step, its milestone and the journey done together, a line each, and each next one as a line of its own', async () => {
    const j = aJourney({ title: 'Get started', milestones: [aMilestone({ id: 'm1', title: 'First report', steps: [aStep({ id: 's1', title: 'Pick a chart' })] })] })
    const ui = mountJourney({ journey: j })
    ui.arrive({ type: 'complete', stepId: 's1' })
    ui.fire('step:completed', { stepId: 's1', milestoneId: 'm1' })
    ui.fire('milestone:completed', { milestoneId: 'm1' })
    ui.fire('journey:completed', { journeyId: j.id })
    await settle()
    const lines = ['Done: Pick a chart', 'Milestone reached: First report', 'You did it!', 'You finished “Get started”.']
    expect(said()).toEqual(lines)
    // Each line an element of its own, kept as it was: a screen reader hears only what is added (role="log").
    const first = q('[role=log] p')
    click(button('4 of 5'))
    await settle()
    expect(said()).toEqual([...lines, 'Thanks for your feedback'])
    expect(q('[role=log] p')).toBe(first)
  })

  // bb-r33 (own changes): a line replaced what had come 10 ms before it (the next step's tooltip by
  // "Done: …"), and the same words twice ("Sent to Ana" for two steps) changed nothing to hear.
  it('adds the same words again as a new line, and lets lines go after 8 seconds', async () => {
    let clock = NOW
    const ui = mountJourney({ journey: aJourney({ milestones: [aMilestone({ id: 'm1', steps: [aStep({ id: 'a', title: 'A' }), aStep({ id: 'b', title: 'B' })] })] }) }, {}, { now: () => clock })
    const region = q('[role=log]')!
    ui.arrive({ type: 'complete', stepId: 'a' })
    ui.fire('step:completed', { stepId: 'a', milestoneId: 'm1' })
    ui.fire('step:completed', { stepId: 'a', milestoneId: 'm1' })
    await settle()
    expect([region.getAttribute('role'), said()]).toEqual(['log', ['Done: A', 'Done: A']])
    clock += 8000
    ui.arrive({ type: 'complete', stepId: 'b' })
    ui.fire('step:completed', { stepId: 'b', milestoneId: 'm1' })
    await settle()
    expect(said()).toEqual(['Done: B'])
  })

  it('says nothing of a journey the state does not show done', async () => {
    const ui = mount(theirs)
    ui.fire('journey:completed', { journeyId: 'j' })
    await settle()
    expect(q('[role=log]')!.textContent).toBe('')
  })
})

// bb-r23: a click that finishes a milestone and leaves the page (a form's submit, a link) took the
// celebration with it: the next page showed none. The tab keeps it (sessionStorage) until closed,
// and the next page shows it once, for the same user, within five minutes.
describe('a celebration the page was left under', () => {
  beforeEach(() => sessionStorage.clear())
  /** The tab's next page: the one before is left as a browser leaves it (nothing unmounts: its element just goes). */
  const next = (...args: Parameters<typeof mount>) => {
    document.body.replaceChildren()
    mount(...args)
  }
  const leave = async (s = state) => {
    const ui = mount(s)
    ui.fire('milestone:completed', { milestoneId: 'm1' })
    await settle()
    expect(q('.ch')).not.toBeNull()
    return ui // the page is left with the card on screen
  }

  it('shows on the next page of the tab, once, with its announcement', async () => {
    await leave()
    next(state)
    await settle()
    expect(text(q('.ch h2'))).toBe('Milestone reached!')
    expect(text(q('.ch'))).toContain('First report')
    expect(q('[role=log]')!.textContent).toBe('Milestone reached: First report')
    next(state)
    await settle()
    expect(q('.ch')).toBeNull()
  })

  it('shows the whole journey\'s "You did it!" on a page where the journey is done', async () => {
    const all = { ...state, done: true, percent: 100, next: null }
    await leave(all)
    next(all)
    await settle()
    expect(text(q('.ch h2'))).toBe('You did it!')
  })

  it('is not carried once closed, nor to another user, nor after five minutes, nor for a milestone the state does not show done', async () => {
    const ui = mount(state)
    ui.fire('milestone:completed', { milestoneId: 'm1' })
    await settle()
    click(q('.ch .x'))
    next(state)
    await settle()
    expect(q('.ch')).toBeNull()
    document.body.replaceChildren()
    await leave({ ...state, user: { id: 'alice' } })
    next({ ...state, user: { id: 'bob' } })
    await settle()
    expect(q('.ch')).toBeNull()
    document.body.replaceChildren()
    await leave()
    next(state, {}, { now: () => NOW + 5 * 60_000 + 1 })
    await settle()
    expect(q('.ch')).toBeNull()
    document.body.replaceChildren()
    await leave()
    next(theirs)
    await settle()
    expect(q('.ch')).toBeNull()
    next(state) // read once: not for a page after either
    await settle()
    expect(q('.ch')).toBeNull()
  })

  it('goes with destroy() (the unmount), which removes everything Milepost added', async () => {
    const ui = await leave()
    ui.unmount()
    next(state)
    await settle()
    expect(q('.ch')).toBeNull()
  })
})
