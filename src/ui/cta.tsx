// A call to action: a tour to start, a safe link, else a named action the host receives through on('action'), else text.
import type { Cta } from '../core/types'
import { queryDeep } from '../adapters/selectors'
import { Link } from './link'
import { leadsTo, safeHref } from './links'

/** Whether a selector matches an element on the page now (an invalid one does not). */
export const onPage = (selector: string): boolean => {
  try {
    return !!queryDeep(document, selector)
  } catch {
    return false
  }
}

export interface ActionProps {
  cta: Cta
  onAction: (name: string) => void
  /** Fires for links too (nudge cards record it). */
  onClick?: () => void
  /** A link into the app was followed (`href`, resolved): the panel gets out of the way of the page it opens; the host's router may take it. */
  onGo?: (event: MouseEvent, href: string) => void
  /** Shown instead of a link to the page the user is on: points at what the step is about ("Show me"). */
  onShow?: () => void
  /** `"tour": id` starts that tour. */
  onTour: (id: string) => void
  newTab: string
  showMe?: string
}

/**
 * A link to another origin opens in a new tab (`newTab` is said to screen readers). A link to the
 * page the user is on would only reload it: its named action shows instead, else "Show me" when
 * there is something to point at (`onShow`), else nothing. A button with `"tour"` starts that tour.
 */
export const Action = ({ cta, onAction, onClick, onGo, onShow, onTour, newTab, showMe }: ActionProps) => {
  if (cta.tour) return <button type="button" class="bt" onClick={() => (onClick?.(), onTour(cta.tour!))}>{cta.label}</button>
  const safe = safeHref(cta.href)
  const where = safe === null ? null : leadsTo(safe)
  if (cta.action && (safe === null || where === 'here')) return <button type="button" class="bt" onClick={() => onAction(cta.action!)}>{cta.label}</button>
  if (where === 'here') return onShow ? <button type="button" class="bt" onClick={onShow}>{showMe}</button> : null
  const go = where === 'in' && onGo && ((e: MouseEvent) => onGo(e, safe!))
  const click = onClick && go ? (e: MouseEvent) => (onClick(), go(e)) : onClick ?? (go || undefined)
  return <Link class="bt" href={cta.href} newTab={newTab} {...(click ? { onClick: click } : {})}>{cta.label}</Link>
}
