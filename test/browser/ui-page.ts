// Bundled into the UI test page (see ui-harness.ts): mountUi on a fake instance that behaves like
// the runtime — complete/skip change the snapshot and fire step/milestone events — so a journey can
// be walked end to end. Exposed as `window.mp` for the tests.
import { pct, required, resolved } from '../../src/core/milestone'
import { mountUi, type MountUiOptions } from '../../src/ui/index'
import type { UiEvent, UiInstance, UiInstanceOptions, UiState } from '../../src/ui/instance'

type Handler = (detail: unknown) => void

const createFake = (first: UiState, options: UiInstanceOptions) => {
  let state = first
  const subs = new Set<(s: UiState) => void>()
  const handlers = new Map<string, Set<Handler>>()
  const calls = { complete: [] as string[], skip: [] as string[], emit: [] as Array<[string, unknown]>, record: [] as UiEvent[] }
  const fire = (name: string, detail?: unknown) => { for (const fn of handlers.get(name) ?? []) fn(detail) }
  const push = (next: UiState) => {
    state = next
    for (const fn of subs) fn(next)
  }
  /** Resolves a step the way the engine would and announces what changed. */
  const resolve = (stepId: string, how: 'done' | 'skipped') => {
    const finished: string[] = []
    const milestones = state.milestones.map((m) => {
      if (!m.steps.some((s) => s.id === stepId)) return m
      const steps = m.steps.map((s) => (s.id === stepId ? { ...s, done: how === 'done', doneAt: how === 'done' ? state.now : null, skipped: how === 'skipped' } : s))
      // Counted with the core's own rules (required, resolved, pct).
      const next = { ...m, steps, resolvedSteps: required(steps).filter(resolved).length }
      const percent = pct([next])
      const done = next.resolvedSteps === next.requiredSteps
      if (done && !m.done) finished.push(m.id)
      return { ...next, percent, done, ...(done ? { status: 'done' as const, colour: 'green' as const, reason: '' } : {}) }
    })
    const percent = pct(milestones)
    const open = milestones.flatMap((m) => m.steps.filter((s) => !s.done && !s.skipped).map((s) => ({ milestone: m.id, step: s.id })))
    push({ ...state, milestones, percent, done: percent === 100, next: open[0] ?? null })
    if (how === 'done') fire('step:completed', { stepId, milestoneId: '' })
    for (const id of finished) fire('milestone:completed', { milestoneId: id })
  }
  const instance: UiInstance = {
    subscribe(fn) {
      subs.add(fn)
      fn(state)
      return () => void subs.delete(fn)
    },
    complete(id) {
      calls.complete.push(id)
      // Like the runtime: the new snapshot arrives after the write, not inside the click.
      setTimeout(() => resolve(id, 'done'), 5)
    },
    skip(id) {
      calls.skip.push(id)
      setTimeout(() => resolve(id, 'skipped'), 5)
    },
    on(name, fn) {
      const set = handlers.get(name) ?? new Set()
      handlers.set(name, set.add(fn))
      return () => void set.delete(fn)
    },
    emit: (name, detail) => void calls.emit.push([name, detail]),
    record(event) {
      calls.record.push(event)
      if (event.type === 'track' && event.name === 'step:delegated') {
        const { stepId, to } = event.props as { stepId: string; to: string }
        push({ ...state, milestones: state.milestones.map((m) => ({ ...m, steps: m.steps.map((s) => (s.id === stepId ? { ...s, handedTo: to } : s)) })) })
      }
      return Promise.resolve()
    },
    options: { now: () => state.now, ...options },
  }
  return { instance, calls, push, fire, state: () => state }
}

let current: (ReturnType<typeof createFake> & { unmount: () => void }) | null = null

const mp = {
  mount(state: UiState, options: MountUiOptions = {}, instanceOptions: UiInstanceOptions = {}) {
    current?.unmount()
    const fake = createFake(state, instanceOptions)
    current = { ...fake, unmount: mountUi(fake.instance, options) }
  },
  push: (state: UiState) => current!.push(state),
  fire: (name: string, detail?: unknown) => current!.fire(name, detail),
  calls: () => current!.calls,
  state: () => current!.state(),
  unmount: () => current?.unmount(),
}

;(window as unknown as { mp: typeof mp }).mp = mp
export type PageApi = typeof mp

// The host page's own widget: it must keep working next to Milepost.
document.addEventListener('click', (e) => {
  const el = e.target as HTMLElement
  if (el.id === 'counter') el.textContent = `Clicked ${Number(el.textContent!.split(' ')[1]) + 1}`
})
