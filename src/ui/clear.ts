// The corner keeps clear of what the user works on: the launcher steps aside while a tooltip (or a
// hotspot) points at a control under it, or would lie over it; the nudge card and the celebration
// step aside while the user types in a field of the page (a phone's keyboard up: the little screen
// left is the field's), and the launcher too where it would cover that field. Each is hidden
// (`visibility`, its box kept: nothing else moves) and comes back when it no longer would.

const meets = (a: DOMRect, b: DOMRect | null | undefined) =>
  !!b && a.left < b.right && a.right > b.left && a.top < b.bottom && a.bottom > b.top

/** A field that takes text: what brings up a phone's on-screen keyboard. */
const typesIn = (el: Element): boolean => el instanceof HTMLElement && (el.isContentEditable || el.localName == 'textarea' ||
  el.localName == 'input' && !/^(button|submit|reset|checkbox|radio|range|color|file|image|hidden)$/.test((el as HTMLInputElement).type))

/** How long the launcher waits before it comes back (a tooltip being placed again, a beacon opening). */
const BACK_MS = 150

/** Events after which the field may be somewhere else on screen (the keyboard coming up resizes the visual viewport). */
const MOVES = ['resize', 'scroll'] as const

export interface Clear {
  /** The target's box while the tooltip shows next to it; null when it does not. */
  tip(box: DOMRect | null): void
  /** Judges again (after a render). */
  update(): void
  stop(): void
}

/**
 * @param root the widget's shadow root, once made
 * @param back a card hidden while the user typed is visible again (the UI counts a nudge card as shown then)
 */
export const createClear = (doc: Document, root: () => ShadowRoot | undefined, back: () => void): Clear => {
  let target: DOMRect | null = null
  let field: Element | null = null
  let hid = false
  /** The launcher's return, a moment after there is nothing to keep clear of (see below); `due` while it is judged then. */
  let returning: ReturnType<typeof setTimeout> | 0 = 0
  let due = false
  let frame = 0
  const win = doc.defaultView!
  const vv = win.visualViewport
  const update = () => {
    const r = root()
    if (!r) return
    // Nothing is measured while there is nothing to keep clear of (a render reads no layout then).
    const f = field?.isConnected ? field.getBoundingClientRect() : null
    // A phone's keyboard takes half the screen: the card would cover the field or what is left of the page.
    const touch = !!f && win.matchMedia('(pointer:coarse)').matches
    let hide = false
    for (const card of r.querySelectorAll<HTMLElement>('.st>.nc,.ch')) {
      const away = !!f && (touch || meets(card.getBoundingClientRect(), f))
      card.style.visibility = away ? 'hidden' : ''
      hide ||= away
    }
    if (hid && !hide) back()
    hid = hide
    const lc = r.querySelector<HTMLElement>('.lc')
    const tp = r.querySelector<HTMLElement>('.tp:not(.tr)')
    if (!lc) return
    const b = (target || f) && lc.getBoundingClientRect()
    const away = !!b && (meets(b, target) || !!target && meets(b, tp?.getBoundingClientRect()) || meets(b, f))
    // Aside at once; back a moment later if there is still nothing to keep clear of: a hotspot's
    // beacon handing over to its tooltip (gone, then placed again) does not bring the launcher back
    // for a frame or two (bb-r28).
    if (away) {
      lc.style.visibility = 'hidden'
      clearTimeout(returning)
      returning = 0
    } else if (lc.style.visibility) {
      if (due) lc.style.visibility = ''
      else returning ||= setTimeout(() => {
        returning = 0
        due = true
        update()
        due = false
      }, BACK_MS)
    }
    // A launcher with focus (the panel just closed) hands it to the tooltip that took its place.
    if (away && r.activeElement == lc) tp?.focus()
  }
  const soon = () => {
    frame ||= requestAnimationFrame(() => {
      frame = 0
      update()
    })
  }
  const follow = (on: boolean) => {
    for (const type of MOVES) {
      vv?.[on ? 'addEventListener' : 'removeEventListener'](type, soon)
      win[on ? 'addEventListener' : 'removeEventListener'](type, soon, true)
    }
  }
  const focus = (e: FocusEvent) => {
    const el = e.type == 'focusin' ? e.composedPath()[0] as Element : null
    // The widget's own fields (Ask a teammate) are not the page's.
    const next = el && el.getRootNode() != root() && typesIn(el) ? el : null
    if (next == field) return
    if (!field != !next) follow(!!next)
    field = next
    // Gone at once when a field takes focus (before the keyboard is up); back a frame after it loses
    // it, unless focus moved on to another field meanwhile (the card never flickers in between).
    next ? update() : soon()
  }
  // A field focused before the widget (autofocus).
  const first = doc.activeElement
  if (first && typesIn(first)) follow(!!(field = first))
  doc.addEventListener('focusin', focus, true)
  doc.addEventListener('focusout', focus, true)
  return {
    tip(box) {
      target = box
      update()
    },
    update,
    stop() {
      doc.removeEventListener('focusin', focus, true)
      doc.removeEventListener('focusout', focus, true)
      if (field) follow(false)
      field = null
      cancelAnimationFrame(frame)
      clearTimeout(returning)
    },
  }
}
