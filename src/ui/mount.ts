// mountUi: one host element with an open shadow root, rendered from the instance's snapshots.
// Never throws into the host: any internal error unmounts the UI and is reported as `error`.
import { h, render } from 'preact'
import { createAnchor } from './anchor'
import { App } from './app'
import { observeBody } from './body'
import { createClear } from './clear'
import { type Actions, createController, kept, SAID_MS } from './controller'
import { focusedStep, refocus } from './focus'
import { createFormat } from './format'
import type { UiInstance, UiTheme } from './instance'
import { yieldTask } from '../adapters/yield'
import { pageScheme, watchPageScheme } from './scheme'
import { adoptStyles } from './sheet'
import { defaultStrings, type UiStrings } from './strings'
import { css } from './styles'
import { nextTip, type TipFor } from './tooltip'
import { createTourFocus } from './tour/focus'
import { createSpot } from './tour/spot'

export interface MountUiOptions {
  /** Where the widget's host element is appended. @default document.body */
  container?: Element | undefined
  /** @default 'bottom-right' */
  position?: 'bottom-right' | 'bottom-left' | undefined
  /** `'auto'`, `'light'`, `'dark'`, or `{ mode?, accent: '#7c3aed', … }`. @default instance.options.theme, else 'auto' */
  theme?: UiTheme | undefined
  /** Overrides of any UI string. @default instance.options.strings */
  strings?: Partial<UiStrings> | undefined
  /** BCP 47 tag for dates and relative days. @default instance.options.locale, else the browser's */
  locale?: string | undefined
  /** Nonce for the `<style>` fallback used where constructable stylesheets are missing. */
  nonce?: string | undefined
  /** Text direction. @default the container's nearest `dir`, else the document's */
  dir?: 'ltr' | 'rtl' | undefined
  /** Ask "How easy was this?" (1–5) after a milestone. @default true */
  rate?: boolean | undefined
  /**
   * Your router's navigation: a call to action that leads into your app (same origin) calls it with
   * the path + search + hash instead of loading the page. @default instance.options.navigate, else a page load
   * @example mountUi(milepost, { navigate: (href) => router.push(href) })
   */
  navigate?: ((href: string) => void) | undefined
  /**
   * A milestone to celebrate as the UI mounts, when it is done in the state: one completed before
   * the UI was mounted (a UI mounted lazily, on `milestone:completed`, for a user who hid the
   * checklist). The script tag does this itself.
   * @example milepost.on('milestone:completed', ({ milestoneId }) => mountUi(milepost, { cheer: milestoneId }))
   */
  cheer?: string | undefined
}

/** A reason the UI cannot run on this page, told as it is (not as an internal error). */
class Stop extends Error {}

const focusTargets = { panel: '.pn', launcher: '.lc', ask: '.dg input', cheer: '.ch' } as const

/** Each instance's mounted UI, by its unmount: a second mountUi() for it returns the first's. */
const mounts = new WeakMap<UiInstance, () => void>()

/**
 * Renders the launcher, checklist, tooltips, nudge cards and celebrations for an instance. One UI
 * per instance: while it is mounted, mountUi() of the same instance returns its unmount (and
 * ignores that call's options).
 * @returns unmount: removes the element, every listener and observer
 * @example const unmount = mountUi(milepost, { position: 'bottom-left', locale: 'de' })
 */
export const mountUi = (instance: UiInstance, options: MountUiOptions = {}): (() => void) => {
  const first = mounts.get(instance)
  if (first) return first
  const stops: Array<() => void> = []
  let dead = false
  const unmount = () => {
    if (dead) return
    dead = true
    kept([]) // destroy(): a celebration kept for the tab's next page goes too (a page left keeps it: nothing unmounts)
    // Only the live mount is in `mounts` (a second call returns it without mounting).
    mounts.delete(instance)
    for (const stop of stops.reverse()) {
      try {
        stop()
      } catch {
        // Keep tearing down the rest.
      }
    }
  }
  const keep = (stop: () => void) => (dead ? stop() : stops.push(stop))
  /** Tells `on('error')` (`kind: 'ui'`), which tells each distinct error once. */
  const tell = (message: string, error: unknown) => {
    try {
      instance.emit('error', { kind: 'ui', message, error })
    } catch {
      // The host's error channel failed too: stay silent rather than throw into the page.
    }
  }
  const fail = (error: unknown) => {
    unmount()
    tell(error instanceof Stop ? error.message : `the UI stopped after an internal error: ${String(error)}`, error)
  }
  /** floating-ui's file could not load (the script tag): the rest of the UI goes on. */
  const noFloating = (error: unknown) => dead || tell(`tooltips cannot be placed: ${String(error instanceof Error ? error.message : error)}`, error)
  const guard = <A extends unknown[]>(fn: (...args: A) => void) => (...args: A): void => {
    if (dead) return
    try {
      fn(...args)
    } catch (error) {
      fail(error)
    }
  }

  // Outside a browser (server rendering, Node), like the idle instance: nothing to draw, nothing said.
  if (typeof document == 'undefined') return unmount
  try {
    mounts.set(instance, unmount)
    const doc = document
    // The instance's options as they are when the widget is first drawn (a state to show: init() has
    // run), not at mountUi(): a React child's effect mounts the UI before the provider's effect starts
    // the instance with its options.
    const io = () => instance.options ?? {}
    const s = { ...defaultStrings } as UiStrings
    const container = options.container ?? doc.body

    /**
     * The host element, its shadow root and stylesheet, made when there is a state to show: the
     * page's start (and the runtime's first read) does not wait for the UI's style and layout.
     */
    let made: { root: ShadowRoot, mountPoint: HTMLElement, anchor: ReturnType<typeof createAnchor>, clear: ReturnType<typeof createClear>, format: ReturnType<typeof createFormat>, dir: 'ltr' | 'rtl', tour: Tour } | undefined
    const make = () => {
      // Text only: another value (a number, null) is left out, and the key keeps its default.
      const notText: string[] = []
      for (const [key, value] of Object.entries({ ...io().strings, ...options.strings })) {
        if (typeof value == 'string') s[key as keyof UiStrings] = value
        else if (value !== undefined) notText.push(key)
      }
      if (notText[0]) instance.emit('error', { kind: 'input', message: `strings: ${notText.join(', ')} must be text; ignored` })
      const theme = options.theme ?? io().theme ?? 'auto'
      // The page's own element of that name would run its code on ours and hold it (ui.md): stop, saying why.
      if (globalThis.customElements?.get('milepost-ui')) throw new Stop('the page defines a <milepost-ui> element of its own: the built-in UI stops')
      const host = doc.createElement('milepost-ui')
      const { mode, ...vars } = typeof theme === 'string' ? { mode: theme } : theme
      // 'light' and 'dark' force a palette; anything else follows the host page (scheme.ts).
      if (mode === 'light' || mode === 'dark') host.dataset.theme = mode
      else {
        const follow = () => {
          const scheme = pageScheme(doc)
          if (scheme) host.dataset.theme = scheme
          else delete host.dataset.theme
        }
        follow()
        keep(watchPageScheme(doc, guard(follow)))
      }
      for (const [name, value] of Object.entries(vars)) host.style.setProperty(`--mp-${name}`, String(value))
      const root = host.attachShadow({ mode: 'open' })
      adoptStyles(root, css, options.nonce)
      const mountPoint = doc.createElement('div')
      root.append(mountPoint)
      container.append(host)
      keep(() => host.remove())
      // The page may take the widget out: with its <body> (Turbo Drive, htmx and pjax swap it on each
      // navigation), or by emptying the container (an app rendering into <body>). It goes back as it
      // was (the panel open or not, its tooltips), in the next frame: a page that keeps taking it
      // out costs a frame each time, never a loop. Where the page brought back a copy (Turbo's cached
      // snapshot: an element without its shadow root), it takes that copy's place.
      const home = () => options.container ?? doc.body
      let back = 0
      // The widget's control that had focus when the page took the widget out (a link followed from
      // the panel, Back with the panel open: the Astro run's focus fell to <body>). Focus leaving
      // by the user's own move (Tab, a click in the page) forgets it; moving within the widget (a
      // call to action's panel closing onto the launcher: focusout, then focusin in the same task)
      // or leaving with the widget does not.
      let had: HTMLElement | null = null
      root.addEventListener('focusin', (e) => void (had = e.target as HTMLElement))
      root.addEventListener('focusout', () => queueMicrotask(() => host.isConnected && !root.activeElement && (had = null)))
      keep(observeBody(doc, () => {
        // (A frame after unmount does nothing: guard.)
        back ||= requestAnimationFrame(guard(() => {
          back = 0
          const to = home()
          if (host.isConnected || !to?.isConnected) return
          const copy = [...to.children].find((el) => el.localName == 'milepost-ui' && !el.shadowRoot)
          copy ? copy.replaceWith(host) : to.append(host)
          // Back where it was, else on the panel, else the launcher (the panel closed as the link was
          // followed), unless the page has put focus somewhere of its own meanwhile.
          const active = doc.activeElement
          if (had && (!active || active == doc.body)) (had.isConnected ? had : root.querySelector<HTMLElement>('.pn') ?? root.querySelector<HTMLElement>('.lc'))?.focus()
          had = null
        }))
      }, { childList: true }, {}, home))
      keep(() => render(null, mountPoint))
      // The launcher off a tooltip's target, the cards off a field the user types in (clear.ts).
      const clear = createClear(doc, () => made?.root, later)
      keep(clear.stop)
      const anchor = createAnchor(doc, fail, (selector, error) => {
        instance.emit('error', { kind: 'selector', message: `invalid tooltip target "${selector}"`, error })
      }, guard(() => {
        // A nudge's tooltip counts as shown once it is placed next to a target on the page.
        const state = ctl.state()
        const tip = state && nextTip(state, ctl.view)
        ctl.seen(tip?.nudge ?? null)
        tipSoon(tip)
        // A hotspot's tooltip just opened: its close button takes focus (hidden until placed, it could not before).
        const x = ctl.view.hotFocus && root.querySelector<HTMLElement>('.tp [data-x]')
        if (x) (ctl.view.hotFocus = false), x.focus()
        tipFocus()
      }), () => ({
        // The cards in the corner (a nudge's, the celebration): on a phone they span the screen's width.
        over: [...made?.root.querySelectorAll('.st>.nc, .ch') ?? []],
        under: [...made?.root.querySelectorAll('.pn, .nc, .ch') ?? []],
      }), guard((box: DOMRect | null) => clear.tip(box)), noFloating)
      keep(anchor.stop)
      root.addEventListener('keydown', onKey)
      keep(() => root.removeEventListener('keydown', onKey))
      // Where focus was in the page before it came into the widget: it goes back there when the
      // control that held it and the launcher are both gone ("Hide it"), not to <body>.
      const cameIn = (e: FocusEvent) => {
        const from = e.relatedTarget as HTMLElement | null
        if (from && from !== host && from !== doc.body) ctl.view.opener = from
      }
      host.addEventListener('focusin', cameIn)
      keep(() => host.removeEventListener('focusin', cameIn))
      const dir = options.dir ?? (container.closest('[dir]')?.getAttribute('dir') === 'rtl' ? 'rtl' : 'ltr')
      return { root, mountPoint, anchor, clear, format: createFormat(options.locale ?? io().locale), dir, tour: makeTour(root) } as const
    }
    /** A tour's dialog has its own anchor (a step's tooltip may wait meanwhile), spotlight and focus. */
    type Tour = ReturnType<typeof makeTour>
    const makeTour = (root: ShadowRoot) => {
      const spot = createSpot()
      const focus = createTourFocus(root, doc)
      const anchor = createAnchor(doc, fail, (selector, error) => {
        instance.emit('error', { kind: 'selector', message: `invalid tour target "${selector}"`, error })
      }, guard(() => focus.shown()), undefined, guard((box: DOMRect | null) => {
        spot.place(box)
        aside()
        if (!box) focus.hid(ctl.view.opener?.isConnected ? ctl.view.opener as HTMLElement : root.querySelector<HTMLElement>('.lc'))
      }), noFloating, true)
      keep(anchor.stop)
      return { spot, focus, anchor }
    }

    /**
     * While a tour's step is on screen (centred, or shown next to its target), the corner stack
     * steps aside: above the spotlight, it could cover the target or the dialog. It comes back
     * while the step waits for its target, and when the tour ends.
     */
    const aside = () => {
      const st = made?.root.querySelector<HTMLElement>('.st')
      const t = ctl.state()?.tour
      if (st) st.style.visibility = t && (!t.tour.steps[t.step]?.target || made!.tour.anchor.showing()) ? 'hidden' : ''
    }

    let queued = false
    const draw = guard(() => {
      const state = ctl.state()
      if (!state?.ready || !Array.isArray(state.milestones) || !state.milestones.length) {
        if (made) render(null, made.mountPoint), made.anchor.set(null)
        return
      }
      const { root, mountPoint, anchor, clear, format, dir, tour } = (made ??= make())
      const view = ctl.view
      const was = root.activeElement
      const hadFocus = !!was
      const step = focusedStep(root)
      const ctx = { s, f: format, view, act }
      // Live-region lines older than SAID_MS leave; a draw then takes the last ones away.
      clearTimeout(tidying)
      if (ctl.tidy()) tidying = setTimeout(later, SAID_MS)
      render(h(App, { state, ctx, anchor, corner: options.position ?? 'bottom-right', dir, rate: options.rate ?? true, tourAnchor: tour.anchor, spot: tour.spot }), mountPoint)
      const t = state.tour ?? null
      const at = t?.tour.steps[t.step]
      tour.anchor.set(at?.target ?? null, at?.placement)
      const tip = nextTip(state, view)
      anchor.set(tip?.tip.target ?? null, tip?.tip.placement)
      anchor.refresh()
      // A card is on screen once rendered (in the corner, or in the open panel). A nudge's tooltip
      // once placed next to its target: now, when it took over a tooltip already placed on the same
      // target, else when the anchor shows it (onShown above).
      // Rendered, not only chosen: under the celebration the card waits unrendered (bb-r24: it counted
      // as shown), and while the user types it waits hidden, counted once back (clear.ts draws again
      // then). Told to screen readers then (its title), as a step done or a milestone reached is.
      clear.update()
      const card = root.querySelector<HTMLElement>('.nc')
      if (card && !card.style.visibility && ctl.seen(view.nudge)) ctl.say(view.nudge!.nudge.card!.title), later()
      // A tooltip that took over one placed on the same target (the anchor stays shown): seen and told now.
      if (tip && anchor.showing()) ctl.seen(tip.nudge ?? null), tipSoon(tip)
      const focus = view.focus
      view.focus = null
      // Where focus was in the page before the widget (the host's opener, or where it came in from).
      const back = view.opener?.isConnected ? view.opener as HTMLElement : null
      // Closing returns focus to the launcher only when focus was in the widget: a host's close()
      // must not steal it from the page.
      const soft = focus === 'launcher' || focus === 'cheer'
      if (focus && (!soft || hadFocus)) {
        const el = root.querySelector<HTMLElement>(focus[0] == '[' ? focus : focusTargets[focus as keyof typeof focusTargets])
        // No launcher (a journey done before this page): back to what opened the panel.
        ;(el ?? (focus === 'launcher' ? back : null))?.focus()
      } else refocus(root, was, step, back)
      if (anchor.showing()) tipFocus()
      aside()
      tour.focus.after(t)
    })
    /** After "Show me": the tooltip takes focus once it is visible (a hidden one cannot). */
    const tipFocus = () => {
      if (!ctl.view.tipFocus) return
      ctl.view.tipFocus = false
      made?.root.querySelector<HTMLElement>('.tp')?.focus()
    }
    const flush = () => {
      // The first draw builds the shadow root and lays it out: a task of its own, after the one
      // that made the state ready.
      if (!made && ctl.state()?.ready) return void yieldTask().then(flushed)
      flushed()
    }
    const flushed = () => {
      queued = false
      draw()
    }
    const later = () => {
      if (queued) return
      queued = true
      queueMicrotask(flush)
    }
    /** How long after it is placed a tooltip is told (a step's "Done: …" comes first). */
    const TIP_SAID_MS = 250
    let tidying: ReturnType<typeof setTimeout> | undefined
    keep(() => clearTimeout(tidying))
    /**
     * A tooltip on screen is told a moment later (TIP_SAID_MS), after what brought it there (the
     * step before it done: "Done: …" comes once that is saved), and only if it is still on screen.
     */
    const tipSoon = (tip: TipFor | null) => {
      const text = ctl.tipShown(tip)
      if (!text) return
      const timer = setTimeout(guard(() => made?.anchor.showing() && (ctl.say(text), later())), TIP_SAID_MS)
      keep(() => clearTimeout(timer))
    }
    const now = () => (io().now ?? Date.now)()
    const ctl = createController(instance, s, now, draw, later, () => {
      const to = options.navigate ?? io().navigate
      return typeof to == 'function' ? to : undefined
    })
    const act = Object.fromEntries(Object.entries(ctl.act).map(([k, fn]) => [k, guard(fn as () => void)])) as unknown as Actions

    const onKey = guard((e: Event) => {
      if ((e as KeyboardEvent).key !== 'Escape') return
      const state = ctl.state()
      const at = (sel: string) => (e.composedPath()[0] as Element | undefined)?.closest?.(sel)
      const tip = state && at('.tp') ? nextTip(state, ctl.view) : null
      if (tip) act.closeTip({ stepId: tip.stepId, nudge: tip.nudge, target: tip.tip.target })
      // The innermost first: a question asked ("Skip this step?"), a teammate's form, then the panel.
      else if (ctl.view.sure != null) act.askFirst(null)
      else if (ctl.view.asking) act.ask(null)
      else if (ctl.view.open) act.toggle(false)
      // The nudge card in the corner, focus in it: dismissed, as its Dismiss does (a nudge's tooltip too).
      else if (ctl.view.nudge && at('.nc')) act.nudge('dismissed')
      else if (ctl.view.cheer) act.endCheer()
      else return
      // Handled here: a page's own Escape (closing its drawer or dialog) does not also run.
      e.stopPropagation()
    })

    for (const [name, fn] of Object.entries(ctl.events)) keep(instance.on(name, guard(fn)))
    keep(instance.on('destroy', unmount))
    // The first state (subscribe calls at once) is drawn just below, not again in a microtask.
    let mounting = true
    keep(instance.subscribe(guard((state) => {
      ctl.setState(state)
      if (!mounting) later()
    })))
    mounting = false
    if (options.cheer) ctl.events['milestone:completed']!({ milestoneId: options.cheer })
    draw()
  } catch (error) {
    fail(error)
  }
  return unmount
}
