// Focus never falls to <body>: when the focused control goes away in a render (a named action
// whose step is then completed, Skip, a manual tick), focus moves on to the next control after its
// step, in reading order; else to the first one left in the step; else to the panel; without a
// panel (the launcher gone: "Hide it"), back to where focus was in the page before the widget.

const FOCUSABLE = 'button,a[href],input,textarea'

/** Before a render: the step row holding focus, if any. */
export const focusedStep = (root: ShadowRoot): string | null =>
  root.activeElement?.closest('[data-step]')?.getAttribute('data-step') ?? null

/** After a render: if `was` left the page, focus the next sensible control (`back`, in the page, last). */
export const refocus = (root: ShadowRoot, was: Element | null, step: string | null, back?: HTMLElement | null): void => {
  if (!was || was.isConnected || root.activeElement?.isConnected) return
  const panel = root.querySelector<HTMLElement>('.pn')
  const row = step ? root.querySelector(`[data-step="${CSS.escape(step)}"]`) : null
  if (!panel || !row) return void (panel ?? back)?.focus()
  const all = [...panel.querySelectorAll<HTMLElement>(FOCUSABLE)]
  const next = all.find((el) => !row.contains(el) && row.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) ??
    row.querySelector<HTMLElement>(FOCUSABLE) ?? panel
  next.focus()
}
