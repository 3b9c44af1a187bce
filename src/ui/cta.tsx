// A call to action: a safe link, else a named action the host receives through on('action'), else text.
import type { Cta } from '../core/types'
import { Link } from './link'
import { safeHref } from './links'

/** `onAction` receives the action name; `onClick` fires for links too (nudge cards record it). */
export const Action = ({ cta, onAction, onClick }: { cta: Cta; onAction: (name: string) => void; onClick?: () => void }) =>
  cta.action && safeHref(cta.href) === null
    ? <button type="button" class="bt" onClick={() => onAction(cta.action!)}>{cta.label}</button>
    : <Link class="bt" href={cta.href} {...(onClick ? { onClick } : {})}>{cta.label}</Link>
