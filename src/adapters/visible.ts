export interface VisibleEnv {
  doc: Document
  IO: typeof IntersectionObserver
  MO: typeof MutationObserver
}

/**
 * Reports each selector once an element matching it intersects the viewport. A MutationObserver
 * finds elements added later; both observers disconnect when every selector has been seen.
 */
export const watchVisible = (
  selectors: readonly string[],
  onVisible: (selector: string) => void,
  env: VisibleEnv = { doc: document, IO: IntersectionObserver, MO: MutationObserver },
): (() => void) => {
  const { doc } = env
  const pending = new Set(selectors)
  const observed = new WeakSet<Element>()
  let timer: ReturnType<typeof setTimeout> | undefined
  const io = new env.IO((entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue
      for (const selector of pending) {
        if (!entry.target.matches(selector)) continue
        pending.delete(selector)
        onVisible(selector)
      }
    }
    if (!pending.size) stop()
  })
  const scan = () => {
    timer = undefined
    for (const selector of pending) {
      doc.querySelectorAll(selector).forEach((el) => {
        if (observed.has(el)) return
        observed.add(el)
        io.observe(el)
      })
    }
  }
  // Mutations come in bursts: one scan per burst, within a frame.
  const mo = new env.MO(() => {
    timer ??= setTimeout(scan, 16)
  })
  const stop = () => {
    clearTimeout(timer)
    mo.disconnect()
    io.disconnect()
  }
  if (!pending.size) return stop
  mo.observe(doc.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['class', 'id', 'hidden'] })
  scan()
  return stop
}
