// @vitest-environment happy-dom
// A page that takes the widget out (Turbo Drive, htmx and pjax swap <body> on each navigation; an app
// that renders into <body> empties it) gets it back as it was, in the next frame.
import { describe, expect, it } from 'vitest'
import { mount, openPanel, q, shadow } from './dom'
import { aState } from './states'

/** Past the observer's notice (happy-dom tells observers in a task of their own) and the frame after it. */
const frame = async () => {
  await new Promise((r) => setTimeout(r, 0))
  await new Promise<void>((r) => requestAnimationFrame(() => r()))
}
const hosts = () => [...document.querySelectorAll('milepost-ui')]
/** Turbo Drive's navigation: the next page's <body> takes the place of this one. */
const swapBody = (html = '<main>Next page</main>') => {
  const next = document.createElement('body')
  next.innerHTML = html
  document.body.replaceWith(next)
  return next
}

describe('a page that swaps its <body>', () => {
  it('gets the same widget back, open as it was, at the end of the new <body>', async () => {
    mount(aState())
    openPanel()
    const before = shadow()
    expect(q('.pn')).not.toBeNull()
    const next = swapBody()
    await frame()
    expect(hosts()).toHaveLength(1)
    expect(hosts()[0]!.parentElement).toBe(next)
    expect(next.lastElementChild).toBe(hosts()[0])
    expect(shadow()).toBe(before)
    expect(q('.pn')).not.toBeNull()
    // And again on the page after: the observer follows the new <body>.
    document.body.replaceChildren()
    await frame()
    expect(hosts()).toHaveLength(1)
    expect(shadow()).toBe(before)
  })

  it('takes the place of the copy a cached snapshot brought back (an element without its shadow root)', async () => {
    mount(aState())
    const live = hosts()[0]!
    const snapshot = document.body.cloneNode(true) as HTMLElement
    swapBody()
    await frame()
    document.body.replaceWith(snapshot)
    await frame()
    expect(hosts()).toEqual([live])
    expect(live.parentElement).toBe(snapshot)
  })

  it('stays in the container it was given, and stays out once unmounted', async () => {
    const box = document.body.appendChild(document.createElement('section'))
    const { unmount } = mount(aState(), { container: box })
    box.replaceChildren()
    await frame()
    expect(hosts()[0]!.parentElement).toBe(box)
    unmount()
    swapBody()
    document.body.append(box)
    await frame()
    expect(hosts()).toHaveLength(0)
  })

  // bb-r32 (Astro run): the widget came back, but focus stayed on <body> (the panel's Close after
  // Back, the launcher after a link followed from the panel): a keyboard user was lost.
  it('gives focus back to the control that had it, else to the panel or the launcher, unless the page took it', async () => {
    mount(aState())
    openPanel()
    const close = q<HTMLElement>('.pn button')!
    close.focus()
    expect(shadow()!.activeElement).toBe(close)
    swapBody()
    await frame()
    expect(shadow()!.activeElement).toBe(close)

    // Focus moved on within the widget in one task, the control it left gone (a call to action: the
    // panel closes onto the launcher), then the link's navigation swaps the page (own-changes run:
    // the focusout's check ran after the focusin and forgot the launcher).
    close.blur()
    q<HTMLElement>('.pn')!.focus()
    await new Promise((r) => setTimeout(r, 0))
    swapBody()
    await frame()
    expect(shadow()!.activeElement).toBe(q('.pn'))

    // The control gone meanwhile (a render took it): the panel; without a panel, the launcher.
    close.focus()
    await new Promise((r) => setTimeout(r, 0))
    const swapped = swapBody()
    close.remove()
    await frame()
    expect(document.activeElement).toBe(hosts()[0])
    expect(shadow()!.activeElement).toBe(q('.pn'))
    expect(swapped.lastElementChild).toBe(hosts()[0])

    // The page focused a control of its own meanwhile: left there.
    q<HTMLElement>('.lc')!.focus()
    const next = swapBody('<input id="search">')
    next.querySelector<HTMLElement>('#search')!.focus()
    await frame()
    expect(document.activeElement).toBe(next.querySelector('#search'))

    // Focus the user moved into the page before the swap: the widget takes none.
    q<HTMLElement>('.lc')!.focus()
    const field = document.body.appendChild(document.createElement('input'))
    field.focus()
    await Promise.resolve()
    swapBody()
    await frame()
    expect(document.activeElement).toBe(document.body)
  })
})
