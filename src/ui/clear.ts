// The corner keeps clear of what the user works on: the launcher steps aside while a tooltip (or a
// hotspot) points at a control under it, or would lie over it. It is hidden (`visibility`, its box
// kept: nothing else moves) and comes back when it no longer would.

const meets = (a: DOMRect, b: DOMRect | null | undefined) =>
  !!b && a.left < b.right && a.right > b.left && a.top < b.bottom && a.bottom > b.top

export interface Clear {
  /** The target's box while the tooltip shows next to it; null when it does not. */
  tip(box: DOMRect | null): void
  /** Judges again (after a render). */
  update(): void
  stop(): void
}

/** @param root the widget's shadow root, once made */
export const createClear = (root: () => ShadowRoot | undefined): Clear => {
  let target: DOMRect | null = null
  const update = () => {
    const r = root()
    if (!r) return
    const lc = r.querySelector<HTMLElement>('.lc')
    const tp = r.querySelector<HTMLElement>('.tp:not(.tr)')
    if (!lc) return
    // Nothing is measured while there is nothing to keep clear of (a render reads no layout then).
    const b = target && lc.getBoundingClientRect()
    const away = !!b && (meets(b, target) || meets(b, tp?.getBoundingClientRect()))
    lc.style.visibility = away ? 'hidden' : ''
    // A launcher with focus (the panel just closed) hands it to the tooltip that took its place.
    if (away && r.activeElement == lc) tp?.focus()
  }
  return {
    tip(box) {
      target = box
      update()
    },
    update,
    stop() {
      target = null
    },
  }
}
