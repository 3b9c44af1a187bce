// milepost/react rendered by react-dom's server renderer in plain Node: no window, no document.
import { createElement } from 'react'
import { renderToString } from 'react-dom/server'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { MilepostProvider, useMilepost } from '../../src/react'
import { createMilepost } from '../../src/milepost'
import { Checklist, options } from './fixtures'

describe('milepost/react on the server', () => {
  afterEach(() => vi.restoreAllMocks())

  it('renders the not-ready state from the options, with no error or warning', () => {
    vi.spyOn(console, 'info').mockImplementation(() => {})
    const error = vi.spyOn(console, 'error')
    const warn = vi.spyOn(console, 'warn')
    const html = renderToString(createElement(MilepostProvider, { options }, createElement(Checklist)))
    expect(html).toBe('<section><p>Loading acme-onboarding for u1</p><button>Create report</button></section>')
    expect(error).not.toHaveBeenCalled()
    expect(warn).not.toHaveBeenCalled()
  })

  it('reads mistyped options as the instance does: a string of traits is none, a title that is not text is empty (nothing thrown into React)', () => {
    vi.spyOn(console, 'info').mockImplementation(() => {})
    const State = () => {
      const { state } = useMilepost()
      return createElement('p', null, state.title, '|', JSON.stringify(state.user.traits))
    }
    const odd = { ...options, config: { ...options.config!, title: { en: 'Welcome' } as never }, user: { id: 'u1', traits: 'pro' as never } }
    expect(renderToString(createElement(MilepostProvider, { options: odd }, createElement(State)))).toBe('<p>|<!-- -->{}</p>')
  })

  it('renders the same HTML on every request, whatever the time', () => {
    vi.spyOn(console, 'info').mockImplementation(() => {})
    const Now = () => createElement('i', null, String(useMilepost().state.now))
    const render = () => renderToString(createElement(MilepostProvider, { options }, createElement(Now)))
    const first = render()
    vi.spyOn(Date, 'now').mockReturnValue(Date.UTC(2030, 0, 1))
    expect(render()).toBe(first)
  })

  it('takes an instance made outside, and renders a component outside any provider without throwing', () => {
    vi.spyOn(console, 'info').mockImplementation(() => {})
    const milepost = createMilepost(options)
    expect(renderToString(createElement(MilepostProvider, { milepost }, createElement(Checklist))))
      .toContain('Loading acme-onboarding for u1')
    expect(renderToString(createElement(Checklist))).toContain('<p>Loading  for </p>')
  })
})
