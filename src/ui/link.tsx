// Links from the config: rendered as links only when safe, otherwise as plain text.
import type { ComponentChildren } from 'preact'
import type { Resource } from '../core/types'
import type { Ctx } from './context'
import { leadsTo, safeHref } from './links'

interface LinkProps {
  href: string | undefined
  children: ComponentChildren
  /** What screen readers hear when it opens in a new tab: always (`always`), else only to another origin. */
  newTab?: string
  always?: boolean
  class?: string
  onClick?: (event: MouseEvent) => void
}

export const Link = ({ href, children, newTab, always, class: cls, onClick }: LinkProps) => {
  const safe = safeHref(href)
  const away = safe !== null && (always || leadsTo(safe) === 'away') ? newTab : undefined
  return safe === null
    ? <span class={cls}>{children}</span>
    : (
      <a class={cls} href={safe} onClick={onClick} {...(away ? { target: '_blank', rel: 'noopener noreferrer' } : {})}>
        {children}
        {away && <span class="sr"> {away}</span>}
      </a>
    )
}

/** Guides, videos, articles and "book a call" links, each named by its kind. */
export const Resources = ({ list, ctx, onClick }: { list: readonly Resource[] | undefined; ctx: Ctx; onClick?: () => void }) =>
  list?.length
    ? (
      <ul class="rs">
        {list.map((r) => (
          <li>
            <Link href={r.url} newTab={ctx.s.newTab} always {...(onClick ? { onClick } : {})}>
              <b>{ctx.s[r.kind ?? 'link'] ?? ctx.s.link}</b> {r.title}
            </Link>
          </li>
        ))}
      </ul>
    )
    : null
