// The spotlight: one element over the target whose huge shadow dims the rest of the page. It
// takes no pointer events, so the target (and the page) stays clickable.

export interface Spot {
  ref(el: HTMLElement | null): void
  /** The target's box, or null when it is not shown. */
  place(r: DOMRect | null): void
}

const PAD = 6

export const createSpot = (): Spot => {
  let el: HTMLElement | null = null
  let box: DOMRect | null = null
  const draw = () => {
    if (!el) return
    // CSSOM setters, never a style attribute: allowed under `style-src 'self'`.
    if (!box) return void (el.style.visibility = 'hidden')
    Object.assign(el.style, {
      visibility: 'visible', left: `${box.left - PAD}px`, top: `${box.top - PAD}px`,
      width: `${box.width + 2 * PAD}px`, height: `${box.height + 2 * PAD}px`,
    })
  }
  return {
    ref(node) {
      el = node
      draw()
    },
    place(r) {
      box = r
      draw()
    },
  }
}
