// @vitest-environment happy-dom
// The page: it asks each figure's API with the journey and the chosen segments, shows every
// section, links each to its CSV, and says so when a figure fails.
import { h, render } from 'preact'
import { afterEach, describe, expect, it } from 'vitest'
import { createApi } from '../../src/dashboard/api'
import { App } from '../../src/dashboard/app'
import { ANSWERS, escalationsAnswer } from './answers'
import type { EscalationsAnswer } from '../../src/dashboard/types'

/** The log of owner notices: an account's milestone due soon, told to its owner and a collaborator. */
const ownerAnswer: EscalationsAnswer = {
  ...escalationsAnswer, total: 1, rows: [{
    ...escalationsAnswer.rows[0]!, userId: 'acme', eventId: 'owner:connect:due-soon', kind: 'owner', milestone: 'connect', title: 'Connect your data',
    cause: null, causeTitle: null, nudge: null, level: null, reason: 'due-soon', notify: 'dana@acme.example, sam@acme.example', delivery: 'delivered',
  }],
}

afterEach(() => document.body.replaceChildren())
const words = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim()
const until = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 5))
  expect(check()).toBe(true)
}

/** The page on a fake API that answers from ANSWERS and records each request's figure and query. */
const page = (fail: string[] = []) => {
  const asked: string[] = []
  const fetcher = (async (input: string) => {
    const url = new URL(input, 'http://h')
    const figure = url.pathname.split('/').pop()!
    asked.push(`${figure}?${url.searchParams}`)
    if (fail.includes(figure)) return new Response(JSON.stringify({ error: 'internal error' }), { status: 500 })
    const answer = figure === 'escalations' && url.searchParams.get('kind') === 'owner' ? ownerAnswer : ANSWERS[figure]
    return new Response(JSON.stringify(answer), { status: 200 })
  }) as typeof fetch
  const root = document.createElement('div')
  document.body.append(root)
  render(h(App, { api: createApi('/dashboard/api', fetcher) }), root)
  return { root, asked }
}

describe('dashboard page', () => {
  it('shows the journey, the headline figures and a section per figure', async () => {
    const { root } = page()
    await until(() => root.querySelectorAll('section table').length >= 5)
    expect(words(root.querySelector('h1'))).toBe('Onboarding figures: Figures fixture')
    expect([...root.querySelectorAll('section h2')].map((e) => e.textContent)).toEqual([
      'Morning worklist: accounts at risk', 'Funnel', 'Time to milestone', 'Nudges', 'Nudges and completion, retention', 'Milestone survey',
      'Users at risk', 'Escalation log',
    ])
    // Two audience funnels, three milestones, two nudges, two milestones with survey answers.
    expect(root.querySelectorAll('svg[role=img]')).toHaveLength(2 + 3 + 2 + 2)
    expect(words(root.querySelector('.top .muted'))).toBe('As of 2026-11-10 12:00 UTC')
  })

  it('asks every figure for the first journey', async () => {
    const { root, asked } = page()
    await until(() => root.querySelectorAll('section table').length >= 5)
    expect(asked).toContain('summary?journey=figures')
    expect(asked).toContain('at-risk?journey=figures&sort=severity&dir=desc&limit=100&offset=0')
    expect(asked).toContain('escalations?journey=figures&kind=escalation')
    expect(asked).toContain('accounts?journey=figures&limit=20&offset=0')
    for (const f of ['survey', 'outcomes']) expect(asked).toContain(`${f}?journey=figures`)
  })

  it('filters every figure by a segment checked, and the CSV links follow', async () => {
    const { root, asked } = page()
    await until(() => root.querySelectorAll('.segments input').length === 2)
    const starter = [...root.querySelectorAll<HTMLInputElement>('.segments input')].find((i) => words(i.parentElement).startsWith('starter'))!
    starter.click()
    await until(() => asked.includes('funnel?journey=figures&segment=plan%3Astarter'))
    for (const f of ['summary', 'milestones', 'nudges', 'survey', 'outcomes']) expect(asked).toContain(`${f}?journey=figures&segment=plan%3Astarter`)
    expect(asked).toContain('accounts?journey=figures&segment=plan%3Astarter&limit=20&offset=0')
    await until(() => root.querySelector<HTMLAnchorElement>('#milestones a.csv')!.getAttribute('href')!.includes('segment'))
    expect(root.querySelector('#milestones a.csv')!.getAttribute('href')).toBe('/dashboard/api/milestones?journey=figures&segment=plan%3Astarter&format=csv')
    expect(root.querySelector('#at-risk a.csv')!.getAttribute('href')).toBe('/dashboard/api/at-risk?journey=figures&segment=plan%3Astarter&sort=severity&dir=desc&format=csv')
  })

  it('compares the funnel by a segment trait', async () => {
    const { root, asked } = page()
    await until(() => !!root.querySelector('#funnel select'))
    const select = root.querySelector<HTMLSelectElement>('#funnel select')!
    select.value = 'plan'
    select.dispatchEvent(new Event('change'))
    await until(() => asked.includes('funnel?journey=figures&by=plan'))
  })

  it('shows the milestone owners told when the log\'s selector asks for them (r27: only the API and its CSV had them)', async () => {
    const { root, asked } = page()
    await until(() => !!root.querySelector('#escalations select') && !!root.querySelector('#escalations table'))
    const select = root.querySelector<HTMLSelectElement>('#escalations select')!
    expect([...select.options].map((o) => [o.value, o.textContent])).toEqual([
      ['escalation', 'Escalations'], ['delegate', 'Steps handed to a colleague'], ['owner', 'Milestone owners told'],
    ])
    select.value = 'owner'
    select.dispatchEvent(new Event('change'))
    await until(() => asked.includes('escalations?journey=figures&kind=owner'))
    await until(() => words(root.querySelector('#escalations tbody')).includes('Due soon'))
    expect(words(root.querySelector('#escalations caption'))).toBe('1 notice to a milestone owner, newest first')
    const table = root.querySelector('#escalations table')!
    expect([...table.querySelectorAll('thead th')].map(words).slice(0, 6)).toEqual(['When', 'User or account', 'Milestone', 'Why', 'Told', 'Delivery'])
    expect([...table.querySelectorAll('tbody tr > *')].map(words).slice(1, 6)).toEqual(['acme', 'Connect your data', 'Due soon', 'dana@acme.example, sam@acme.example', 'Delivered'])
    expect(root.querySelector('#escalations a.csv')!.getAttribute('href')).toBe('/dashboard/api/escalations?journey=figures&kind=owner&format=csv')
    // One failed try in the singular (bb-r30: "1 tries").
    expect(ownerAnswer.rows.length).toBe(1)
    ownerAnswer.rows.push({ ...ownerAnswer.rows[0]!, eventId: 'owner:report:overdue', title: 'First report', reason: 'overdue', delivery: 'failing', error: 'HTTP 500', attempts: 1 })
    ownerAnswer.total = 2
    select.value = 'escalation'
    select.dispatchEvent(new Event('change'))
    await until(() => !words(root.querySelector('#escalations tbody')).includes('Due soon'))
    select.value = 'owner'
    select.dispatchEvent(new Event('change'))
    await until(() => words(root.querySelector('#escalations tbody')).includes('Failing'))
    expect(words(root.querySelector('#escalations tbody'))).toContain('Failing (HTTP 500, 1 try)')
  })

  it('says which figure failed, and shows the others', async () => {
    const { root } = page(['nudges'])
    await until(() => !!root.querySelector('#nudges [role=alert]'))
    expect(words(root.querySelector('#nudges [role=alert]'))).toBe('Could not load this figure: internal error')
    expect(root.querySelectorAll('#funnel svg')).toHaveLength(2)
  })
})
