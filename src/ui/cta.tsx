// A call to action: a tour to start, a safe link, else a named action the host receives through on('action'), else text.
import type { Cta } from '../core/types'
import { Link } from './link'
import { leadsTo, safeHref } from './links'

/**
 * `onAction` receives the action name; `onClick` fires for links too (nudge cards record it).
 * A link to another origin opens in a new tab (`newTab` is said to screen readers); a link to the
 * page the user is on is not shown (its named action, if any, is).
 */
export const Action = ({ cta, onAction, onClick, onTour, newTab }: { cta: Cta; onAction: (name: string) => void; onClick?: () => void; onTour: (id: string) => void; newTab: string }) => {
  // `"tour": id` starts that tour.
  if (cta.tour) return <button type="button" class="bt" onClick={() => (onClick?.(), onTour(cta.tour!))}>{cta.label}</button>
  const safe = safeHref(cta.href)
  const here = safe !== null && leadsTo(safe) === 'here'
  return cta.action && (safe === null || here)
    ? <button type="button" class="bt" onClick={() => onAction(cta.action!)}>{cta.label}</button>
    : here ? null : <Link class="bt" href={cta.href} newTab={newTab} {...(onClick ? { onClick } : {})}>{cta.label}</Link>
}
