// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { aJourney, aMilestone, aNudge, aStep, dayAt, stateOf } from '../builders'
import { aMilestoneState, aState, aStepState } from './states'
import { button, click, mount, mountJourney, openPanel, q, qa, shadow, text } from './dom'
import { settle } from './fake-instance'

const DEC_3 = Date.UTC(2026, 11, 3, 12)
const DEC_5 = Date.UTC(2026, 11, 5, 12)

describe('checklist panel', () => {
  it('shows the journey title and the overall progress bar with its values', () => {
    mount(aState({ percent: 40 }))
    openPanel()
    expect(text(q('#mp-t'))).toBe('Get started with Acme')
    const bar = q('.pn > [role=progressbar]')!
    expect(bar.getAttribute('aria-label')).toBe('Overall progress')
    expect([bar.getAttribute('aria-valuenow'), bar.getAttribute('aria-valuemin'), bar.getAttribute('aria-valuemax')]).toEqual(['40', '0', '100'])
    expect(bar.querySelector('rect')!.getAttribute('width')).toBe('40%')
  })

  it('says "Preview · day 5" while a preview is shown, and nothing of the kind otherwise', () => {
    const ui = mount(aState({ day: 5, preview: true }))
    openPanel()
    expect(text(q('.pn > .pv'))).toBe('Preview · day 5')
    ui.push(aState({ day: 5 }))
    return Promise.resolve().then(() => expect(q('.pn > .pv')).toBeNull())
  })

  it('says "Preview · day 5" on the launcher too, with the panel closed: nothing else marks a preview then', () => {
    const ui = mount(aState({ day: 5, preview: true }))
    expect(text(q('.lc .lv'))).toBe('Preview · day 5')
    ui.push(aState({ day: 5 }))
    return Promise.resolve().then(() => expect(q('.lc .lv')).toBeNull())
  })

  it('is a dialog named by the journey title', () => {
    mount(aState())
    openPanel()
    const panel = q('.pn')!
    expect(panel.getAttribute('role')).toBe('dialog')
    expect(panel.getAttribute('aria-labelledby')).toBe('mp-t')
  })

  it('says "On track to finish by 3 Dec" when nothing slipped', () => {
    mount(aState({ plannedFinish: DEC_3, projectedFinish: DEC_3, slipDays: 0 }))
    openPanel()
    expect(text(q('.pj'))).toBe('On track to finish by 3 Dec')
  })

  it('says how many days behind and the new finish when milestones slipped', () => {
    mount(aState({ plannedFinish: DEC_3, projectedFinish: DEC_5, slipDays: 2, status: 'behind', colour: 'red' }))
    openPanel()
    expect(text(q('.pj'))).toBe('2 days behind: now finishing 5 Dec')
    expect(q('.pj')!.classList.contains('red')).toBe(true)
  })

  it('a due at midnight finishes the day before, as "Due in N days" counts it: finish date and slip agree with the milestone (bb-r22 r1)', () => {
    // ISO-date dues are midnight UTC (this machine's zone too): Connect's last day is Nov 30, Invite's Dec 7.
    const journey = aJourney({ milestones: [
      aMilestone({ id: 'a', title: 'Connect data', due: { date: '2026-12-01' }, steps: [aStep({ id: 'a1' })] }),
      aMilestone({ id: 'b', title: 'Invite team', due: { date: '2026-12-08' }, dependsOn: ['a'], steps: [aStep({ id: 'b1' })] }),
    ] })
    const signedUp = { traits: { signedUpAt: '2026-11-26T12:00:00Z' } }
    const ui = mount(stateOf(journey, [], Date.UTC(2026, 10, 26, 12), signedUp))
    openPanel()
    expect(text(qa('.m')[1]!.querySelector('.mi'))).toContain('Due in 11 days')
    expect(text(q('.pj'))).toBe('On track to finish by 7 Dec')
    ui.push(stateOf(journey, [], Date.UTC(2026, 11, 2, 9), signedUp))
    return Promise.resolve().then(() => {
      expect(text(qa('.m')[0]!.querySelector('.mi'))).toBe('Overdue2 days overdue')
      expect(text(q('.pj'))).toBe('2 days behind: now finishing 9 Dec')
    })
  })

  it('says only how far behind, with no finish date, when what is late is untouched and nothing projects a finish past now (bb-r28: "now finishing" today with 0 of 6 done)', () => {
    const journey = aJourney({ milestones: [aMilestone({ id: 'm1', title: 'Connect your data', due: { day: 7 }, steps: [aStep({ id: 's1' }), aStep({ id: 's2' })] })] })
    const ui = mount(stateOf(journey, [], dayAt(10.5)))
    openPanel()
    expect(text(q('.pj'))).toBe('3 days behind so far')
    expect(q('.pj')!.classList.contains('red')).toBe(true)
    // One step done: the user's pace projects a finish, and the date comes back.
    ui.push(stateOf(journey, [{ id: 'e1', type: 'complete', stepId: 's1', at: dayAt(10) }], dayAt(10.5)))
    return Promise.resolve().then(() => expect(text(q('.pj'))).toMatch(/^\d+ days behind: now finishing \d+ \w+$/))
  })

  it('never says "on track" beside an amber milestone: it says the core\'s headline instead', () => {
    // Untouched, due on day 7, on day 5: in the last third of its window (amber), the finish not moved yet.
    const journey = aJourney({ milestones: [aMilestone({ id: 'm1', title: 'Connect your data', due: { day: 7 }, steps: [aStep({ id: 's1' })] })] })
    const state = stateOf(journey, [], dayAt(5))
    expect([state.milestones[0]!.colour, state.slipDays, state.status]).toEqual(['amber', 0, 'behind'])
    mount(state)
    openPanel()
    expect(text(q('.pj'))).toBe(state.headline)
    expect(text(q('.pj'))).not.toContain('On track')
    // In the journey's colour: amber predicts red, it is not red yet.
    expect([q('.pj')!.classList.contains('amber'), q('.pj')!.classList.contains('red')]).toEqual([true, false])
  })

  it('says "All done" plainly for a journey finished late, not in the colour of a slip', () => {
    const { fire } = mount(aState({ done: true, status: 'done', plannedFinish: DEC_3, projectedFinish: DEC_5, slipDays: 2 }))
    fire('open') // a done journey has no launcher to click: the host's open()
    expect(text(q('.pj'))).toBe('All done. Nice work!')
    expect([q('.pj')!.classList.contains('red'), q('.pj')!.classList.contains('amber')]).toEqual([false, false])
  })

  it('says nothing about a finish when no milestone has a due', () => {
    mount(aState())
    openPanel()
    expect(q('.pj')).toBeNull()
  })

  it('groups milestones under their stage headings, in stage order', () => {
    mount(aState({
      stages: [
        { id: 'intro', title: 'Introduction', percent: 0, milestones: ['m2'] },
        { id: 'act', title: 'Activation', percent: 0, milestones: ['m1'] },
      ],
      milestones: [aMilestoneState({ id: 'm1', title: 'Connect data' }), aMilestoneState({ id: 'm2', title: 'Invite team' })],
    }))
    openPanel()
    const groups = qa('.gp').map((g) => [text(g.querySelector('h3')), qa('.mh').filter((b) => g.contains(b)).map((b) => text(b))])
    expect(groups).toEqual([['Introduction', ['Invite team']], ['Activation', ['Connect data']]])
  })

  it('lists milestones without a stage after the stages, without a heading', () => {
    mount(aState({
      stages: [{ id: 'intro', title: 'Introduction', percent: 0, milestones: ['m1'] }],
      milestones: [aMilestoneState({ id: 'm1', title: 'Staged' }), aMilestoneState({ id: 'm2', title: 'Loose' })],
    }))
    openPanel()
    expect(qa('.mh').map((b) => text(b))).toEqual(['Staged', 'Loose'])
    expect(qa('.gp > h3').map((h) => text(h))).toEqual(['Introduction'])
  })

  it('closes with its close button and gives focus back to the launcher', () => {
    mount(aState())
    openPanel()
    q<HTMLButtonElement>('.pn .x')!.focus()
    click(button('Close'))
    expect(q('.pn')).toBeNull()
    expect(shadowActive()).toBe(q('.lc'))
  })

  it('closes on Escape and gives focus back to the launcher', () => {
    mount(aState())
    openPanel()
    const inside = q<HTMLElement>('.mh')!
    inside.focus()
    inside.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }))
    expect(q('.pn')).toBeNull()
    expect(shadowActive()).toBe(q('.lc'))
  })

  it('moves focus into the panel when it opens', () => {
    mount(aState())
    openPanel()
    expect(shadowActive()).toBe(q('.pn'))
  })

  it('opens and closes when the host calls open() and close()', () => {
    const ui = mount(aState())
    ui.fire('open')
    expect(q('.pn')).not.toBeNull()
    ui.fire('close')
    expect(q('.pn')).toBeNull()
  })
})

describe('a milestone', () => {
  const statuses = [
    ['done', 'green', 'Done'],
    ['on-track', 'green', 'On track'],
    ['at-risk', 'amber', 'At risk'],
    ['overdue', 'red', 'Overdue'],
    ['blocked', 'red', 'Blocked'],
  ] as const
  for (const [status, colour, words] of statuses) {
    it(`shows ${status} as ${colour} and in words: "${words}"`, () => {
      mount(aState({ milestones: [aMilestoneState({ status, colour, done: status === 'done' })] }))
      openPanel()
      expect(q('.m')!.classList.contains(colour)).toBe(true)
      expect(text(q('.m .bd'))).toBe(words)
    })
  }

  it('reads as waiting, neither green, amber nor red, while an on-time dependency is open', () => {
    const journey = aJourney({
      milestones: [
        aMilestone({ id: 'connect', title: 'Connect your data', due: { day: 7 }, steps: [aStep({ id: 'c1' })] }),
        aMilestone({ id: 'report', title: 'First report', dependsOn: ['connect'], due: { day: 14 }, steps: [aStep({ id: 'r1' })] }),
      ],
    })
    const state = stateOf(journey, [], dayAt(1))
    expect(state.milestones[1]).toMatchObject({ waitingFor: 'connect', status: 'on-track' })
    mount(state)
    openPanel()
    const item = qa('.m')[1]!
    expect(text(item.querySelector('.bd'))).toBe('Waiting')
    expect(['green', 'amber', 'red'].some((c) => item.classList.contains(c))).toBe(false)
    expect(text(item.querySelector('.mi'))).toContain('Starts after “Connect your data”')
  })

  // Engine states, each evaluated at `now` (T0 is day 0, 09:00 UTC; a due day is its end).
  const connect = (over: Partial<Parameters<typeof aMilestone>[0]> = {}) =>
    aMilestone({ id: 'connect', title: 'Connect your data', due: { day: 3 }, steps: [aStep({ id: 'c1' })], ...over })
  const report = aMilestone({ id: 'report', title: 'First report', dependsOn: ['connect'], due: { day: 14 }, steps: [aStep({ id: 'r1' })] })
  const lines = [
    ['amber, untouched', [aMilestone({ id: 'm1', due: { day: 7 }, steps: [aStep({ id: 's1' })] })], [], 5, 'At risk', 'Not started · Due in 2 days'],
    ['amber, half done', [aMilestone({ id: 'm1', due: { day: 7 }, steps: [aStep({ id: 's1' }), aStep({ id: 's2' })] })], [{ type: 'complete', stepId: 's1', at: dayAt(1) }], 6.5, 'At risk', '50% done · Due tomorrow'],
    ['green with a due', [aMilestone({ id: 'm1', due: { day: 7 }, steps: [aStep({ id: 's1' })] })], [], 3, 'On track', 'Due in 4 days'],
    ['green without a due', [aMilestone({ id: 'm1', steps: [aStep({ id: 's1' })] })], [], 3, 'On track', ''],
    ['waiting on an on-time dependency', [connect(), report], [], 1, 'Waiting', 'Starts after “Connect your data” · Due in 13 days'],
    ['blocked by an overdue dependency', [connect(), report], [], 5.5, 'Blocked', 'Waits for “Connect your data”, which is overdue · Due in 9 days'],
    ['overdue by days', [connect()], [], 6, 'Overdue', '3 days overdue'],
    ['overdue since today', [connect({ due: { date: '2026-11-04T10:00:00Z' } })], [], 3.25, 'Overdue', 'Overdue since today'],
    // Its own due passed 2 hours ago (day 9, 10:00), same calendar day: past it, whatever the status (bb-r22 r2).
    ['blocked past its own due today', [connect(), { ...report, due: { date: '2026-11-10T10:00:00Z' } }], [], 9.125, 'Blocked', 'Waits for “Connect your data”, which is overdue · Overdue since today'],
  ] as const
  for (const [name, milestones, events, day, chip, line] of lines) {
    it(`says its status once, one chip and one short line: ${name}`, () => {
      const state = stateOf(aJourney({ milestones: [...milestones] }), [...events], dayAt(day))
      mount(state)
      openPanel()
      const item = qa('.m').at(-1)!
      expect(text(item.querySelector('.bd'))).toBe(chip)
      expect([...item.querySelectorAll('.mi span')].slice(1).map((e) => text(e)).join('')).toBe(line)
    })
  }

  it('says why a milestone has its status in the host\'s strings and locale, not in the engine\'s English', () => {
    const de = {
      'on-track': 'Im Plan', onTrack: 'Im Plan bis {date}', behind: '{days} im Rückstand: jetzt bis {date}', behindSoFar: 'bisher {days} im Rückstand', 'at-risk': 'Gefährdet', 'overdue': 'Überfällig', 'blocked': 'Blockiert', waiting: 'Wartet', due: 'Fällig {when}', overdueBy: '{days} überfällig',
      overdueToday: 'Seit heute überfällig', notStarted: 'Nicht begonnen', percentDone: '{percent} % erledigt',
      startsAfter: 'Beginnt nach „{title}“', waitsFor: 'Wartet auf „{title}“', waitsForLate: 'Wartet auf „{title}“, das {status} ist',
      behindOne: 'Im Rückstand: „{title}“ {what}', behindMore: 'Im Rückstand: „{title}“ {what} und {more} weitere',
      isAtRisk: 'ist gefährdet', isOverdue: 'ist {days} überfällig', isOverdueToday: 'ist seit heute überfällig', isLate: 'ist spät und wartet noch',
    }
    const seen: string[] = []
    for (const [, milestones, events, day] of lines) {
      const state = stateOf(aJourney({ milestones: [...milestones] }), [...events], dayAt(day))
      const ui = mount(state, { locale: 'de', strings: de })
      openPanel()
      seen.push(...qa('.mi, .pj').map(text))
      ui.unmount()
    }
    expect(seen.join('\n')).not.toMatch(/\b(due|done|started|after|waits|overdue|today|tomorrow|days?|behind|risk|track)\b/i)
    expect(seen).toEqual(expect.arrayContaining([
      'GefährdetNicht begonnen · Fällig übermorgen', 'Gefährdet50 % erledigt · Fällig morgen', 'WartetBeginnt nach „Connect your data“ · Fällig in 13 Tagen',
      'BlockiertWartet auf „Connect your data“, das überfällig ist · Fällig in 9 Tagen', 'Überfällig3 Tage überfällig', 'ÜberfälligSeit heute überfällig',
      'Im Rückstand: „A milestone“ ist gefährdet', 'Im Rückstand: „Connect your data“ ist seit heute überfällig',
    ]))
  })

  it('says the core\'s headline in English while the finish has not moved, in the UI\'s strings', () => {
    const cases = [
      [[aMilestone({ id: 'm1', title: 'Connect your data', due: { day: 7 }, steps: [aStep({ id: 's1' })] })], 5],
      [[connect({ due: { date: '2026-11-04T10:00:00Z' } })], 3.25],
      [[connect(), aMilestone({ id: 'm2', title: 'Invite', due: { day: 4 }, steps: [aStep({ id: 's2' })] })], 3.5],
    ] as const
    const said: string[] = []
    for (const [milestones, day] of cases) {
      const state = stateOf(aJourney({ milestones: [...milestones] }), [], dayAt(day))
      const ui = mount(state)
      openPanel()
      expect([state.slipDays, state.status]).toEqual([0, 'behind'])
      said.push(text(q('.pj')))
      expect(text(q('.pj'))).toBe(state.headline)
      ui.unmount()
    }
    expect(said).toEqual([
      'Behind: “Connect your data” is at risk', 'Behind: “Connect your data” is overdue since today', 'Behind: “Connect your data” is overdue since today and 1 more',
    ])
  })

  const dues = [[3, 'Due in 3 days'], [1, 'Due tomorrow'], [0, 'Due today'], [-2, '2 days overdue'], [-1, '1 day overdue']] as const
  for (const [daysLeft, words] of dues) {
    it(`says "${words}" with ${daysLeft} days left`, () => {
      mount(aState({ milestones: [aMilestoneState({ daysLeft, dueAt: dayAt(2 + daysLeft) })] }))
      openPanel()
      expect(text(q('.mi'))).toContain(words)
    })
  }

  it('says nothing about the due once done', () => {
    mount(aState({ milestones: [aMilestoneState({ done: true, status: 'done', daysLeft: -3, dueAt: dayAt(-1) })] }))
    openPanel()
    expect(text(q('.mi'))).toBe('Done')
  })

  it('formats relative days in the locale', () => {
    mount(aState({ milestones: [aMilestoneState({ daysLeft: 3, dueAt: dayAt(5) })] }), { locale: 'de', strings: { due: 'Fällig {when}' } })
    openPanel()
    expect(text(q('.mi'))).toContain('Fällig in 3 Tagen')
  })

  // bb-r32 (a11y run): a keyboard user heard "Send your first invoice, button, expanded" and no status;
  // two open milestones showed two "Skip" and two "Ask a teammate" buttons that read alike.
  it('describes its toggle with its status and line, and each step action with the step it acts on', () => {
    const journey = aJourney({ milestones: [
      aMilestone({ id: 'a', title: 'Connect data', due: { day: 1 }, steps: [aStep({ id: 'a1', title: 'Add a source' }), aStep({ id: 'a2' })] }),
      aMilestone({ id: 'b', title: 'Invite team', due: { day: 9 }, steps: [aStep({ id: 'b1', title: 'Send an invite' })] }),
    ] })
    mount(stateOf(journey, [], dayAt(3)))
    openPanel()
    const described = (el: Element) => text(shadow()!.getElementById(el.getAttribute('aria-describedby') ?? '') ?? null)
    expect(qa('.mh').map((b) => [text(b), described(b)])).toEqual([['Connect data', 'Overdue2 days overdue'], ['Invite team', expect.stringMatching(/^On track.*Due in 6 days$/)]])
    expect(qa('li.s .ac button').map((b) => `${text(b)}: ${described(b)}`)).toEqual(['Skip: Add a source', 'Ask a teammate: Add a source', 'Skip: Send an invite', 'Ask a teammate: Send an invite'])
    click(button('Skip'))
    expect(qa('li.s .ac button').slice(0, 2).map((b) => `${text(b)}: ${described(b)}`)).toEqual(['Skip it: Add a source', 'Keep it: '])
  })

  it('has its own progress bar named by its title', () => {
    mount(aState({ milestones: [aMilestoneState({ title: 'Connect data', percent: 50 })] }))
    openPanel()
    const bar = q('.m [role=progressbar]')!
    expect([bar.getAttribute('aria-label'), bar.getAttribute('aria-valuenow')]).toEqual(['Connect data', '50'])
  })

  it('shows its steps when open and folds them with its heading button', () => {
    mount(aState({ milestones: [aMilestoneState({ steps: [aStepState({ step: aStep({ title: 'Upload a CSV' }) })] })] }))
    openPanel()
    expect(q('.mh')!.getAttribute('aria-expanded')).toBe('true')
    expect(text(q('.m'))).toContain('Upload a CSV')
    click(q('.mh'))
    expect(q('.mh')!.getAttribute('aria-expanded')).toBe('false')
    expect(text(q('.m'))).not.toContain('Upload a CSV')
  })

  it('starts folded when done', () => {
    mount(aState({ milestones: [aMilestoneState({ done: true, status: 'done', steps: [aStepState({ done: true })] })] }))
    openPanel()
    expect(q('.mh')!.getAttribute('aria-expanded')).toBe('false')
  })

  it('stays open after it completes, so focus is not lost mid-task', async () => {
    const ui = mount(aState())
    openPanel()
    ui.push(aState({ milestones: [aMilestoneState({ done: true, status: 'done', steps: [aStepState({ done: true })] })] }))
    await Promise.resolve()
    expect(q('.mh')!.getAttribute('aria-expanded')).toBe('true')
  })
})

/** The element focused inside the widget. */
const shadowActive = () => document.querySelector('milepost-ui')!.shadowRoot!.activeElement

describe('hide checklist', () => {
  const journey = aJourney({
    milestones: [aMilestone({ id: 'm1', steps: [aStep({ id: 'connect', title: 'Connect', tooltip: { target: '#connect', text: 'Start here' } }), aStep({ id: 'invite' })] })],
    nudges: [aNudge({ id: 'n1', when: { day: { day: 1 } }, card: { title: 'Need a hand?' } })],
  })

  it('asks first; "Keep it" keeps it; "Hide it" records checklist:dismissed and takes the launcher and the step tooltip away, not the nudge', async () => {
    document.body.innerHTML = '<button id="connect">Connect</button>'
    const ui = mountJourney({ journey, events: [], now: dayAt(0) })
    await settle()
    expect(q('.tp')).not.toBeNull() // the next step's tooltip
    openPanel()
    click(button('Hide checklist'))
    expect(qa('.pn > .ac > *').map((el) => text(el))).toEqual(['Hide the checklist for good?', 'Hide it', 'Keep it'])
    expect(shadowActive()?.getAttribute('data-sure')).toBe('') // focus on "Hide it"
    click(button('Keep it'))
    expect(shadowActive()?.getAttribute('data-first')).toBe('') // focus back on "Hide checklist"
    expect(text(shadowActive()!)).toBe('Hide checklist')
    expect(ui.calls.record).toEqual([])
    click(button('Hide checklist'))
    click(button('Hide it'))
    await settle()
    expect(ui.calls.record).toEqual([{ type: 'track', name: 'checklist:dismissed' }])
    expect(ui.calls.emit).toContainEqual(['checklist:dismissed', { journeyId: journey.id }]) // for the host's analytics: on('checklist:dismissed')
    expect([q('.pn'), q('.lc'), q('.tp')]).toEqual([null, null, null])
    // A nudge still shows once it holds.
    ui.push(stateOf(journey, [{ type: 'track', name: 'checklist:dismissed', at: dayAt(0) }], dayAt(1)))
    await settle()
    expect(text(q('.nc h2'))).toBe('Need a hand?')
    expect(q('.lc')).toBeNull()
  })

  it('the host\'s open() still opens a hidden checklist, without the button; closed, no launcher comes back', async () => {
    const ui = mountJourney({ journey, events: [{ type: 'track', name: 'checklist:dismissed' }], now: dayAt(0) })
    await settle()
    expect(q('.lc')).toBeNull()
    ui.fire('open')
    await settle()
    expect(text(q('#mp-t'))).toBe(journey.title)
    expect(button('Hide checklist')).toBeUndefined()
    click(button('Close'))
    await settle()
    expect([q('.pn'), q('.lc')]).toEqual([null, null])
  })
})

// bb-r33: a journey of 60 milestones and 2,000 steps rendered every step (open milestones all start
// expanded): opening the panel held the page 2–4 s at 4× CPU, and each change re-rendered them all.
describe('a long journey', () => {
  const tens = (n: number) => aJourney({ milestones: Array.from({ length: n }, (_, i) => aMilestone({
    id: 'm' + i, title: 'M' + i, steps: Array.from({ length: 10 }, (_, k) => aStep({ id: `s${i}-${k}` })),
  })) })
  const open = () => qa('.mh').filter((b) => b.getAttribute('aria-expanded') === 'true').map(text)

  it('starts with open milestones expanded until they show 30 steps; one closed for room opens once it holds the next step', async () => {
    const j = tens(60)
    const done = (...ms: number[]) => ms.flatMap((i) => Array.from({ length: 10 }, (_, k) => ({ type: 'complete', stepId: `s${i}-${k}` }) as const))
    const ui = mountJourney({ journey: j, events: done(0) })
    openPanel()
    expect(open()).toEqual(['M1', 'M2', 'M3'])
    expect(qa('.s')).toHaveLength(30)
    // M4 closed by the user stays closed when its turn comes; M5 opens then.
    click(qa('.mh').find((b) => text(b) === 'M4'))
    click(qa('.mh').find((b) => text(b) === 'M4'))
    ui.arrive(...done(1, 2, 3))
    await settle()
    expect(open()).toEqual(['M1', 'M2', 'M3'])
    ui.arrive(...done(4))
    await settle()
    expect(open()).toEqual(['M1', 'M2', 'M3', 'M5'])
  })

  it('shows the first open milestone whole, whatever its size', () => {
    mountJourney({ journey: aJourney({ milestones: [aMilestone({ id: 'big', title: 'Big', steps: Array.from({ length: 45 }, (_, k) => aStep({ id: 'b' + k })) }), aMilestone({ id: 'next', title: 'Next' })] }) })
    openPanel()
    expect([open(), qa('.s').length]).toEqual([['Big'], 45])
  })
})
