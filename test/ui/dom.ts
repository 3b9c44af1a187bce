// Test helpers: mount the UI on a fake instance and read what the shadow root shows.
import { afterEach } from 'vitest'
import { mountUi, type MountUiOptions } from '../../src/ui/index'
import type { UiInstanceOptions, UiState } from '../../src/ui/instance'
import { stateOf } from '../builders'
import { type Engine, fakeInstance } from './fake-instance'
import { NOW } from './states'

const unmounts: Array<() => void> = []
afterEach(() => {
  for (const u of unmounts.splice(0)) u()
  document.body.replaceChildren()
  sessionStorage.clear() // the tab's celebration kept for its next page (ui/controller.ts): each test is a new tab

})

export const mount = (state: UiState, options: MountUiOptions = {}, instanceOptions: UiInstanceOptions = {}) => {
  const fake = fakeInstance(state, instanceOptions)
  const unmount = mountUi(fake.instance, options)
  unmounts.push(unmount)
  return { ...fake, unmount }
}

/** Mounts the UI on a core-backed instance: `journey` after `events`, evaluated at `now`. */
export const mountJourney = (engine: Engine, options: MountUiOptions = {}, instanceOptions: UiInstanceOptions = {}) => {
  const fake = fakeInstance(stateOf(engine.journey, engine.events, engine.now ?? NOW), instanceOptions, engine)
  const unmount = mountUi(fake.instance, options)
  unmounts.push(unmount)
  return { ...fake, unmount }
}

export const shadow = (): ShadowRoot | null => document.querySelector('milepost-ui')?.shadowRoot ?? null
export const q = <T extends Element = HTMLElement>(selector: string): T | null => shadow()?.querySelector<T>(selector) ?? null
export const qa = <T extends Element = HTMLElement>(selector: string): T[] => [...(shadow()?.querySelectorAll<T>(selector) ?? [])]
/** The widget's visible text, whitespace collapsed. */
export const text = (el: Element | ShadowRoot | null = shadow()): string => (el?.textContent ?? '').replace(/\s+/g, ' ').trim()
/** A button by its text or accessible label. */
export const button = (label: string): HTMLButtonElement | undefined =>
  qa<HTMLButtonElement>('button').find((b) => text(b) === label || b.getAttribute('aria-label') === label)
export const click = (el: Element | null | undefined) => {
  if (!el) throw new Error('nothing to click')
  ;(el as HTMLElement).click()
}
export const openPanel = () => click(q('.lc'))
/** The live region's lines (`role="log"`), oldest first. */
export const said = (): string[] => qa('[role=log] p').map(text)
