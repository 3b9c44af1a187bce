// Links from the config: rendered as links only when safe, otherwise as plain text.
import type { ComponentChildren } from 'preact'
import type { Resource } from '../core/types'
import type { Ctx } from './context'
import { safeHref } from './links'

interface LinkProps {
  href: string | undefined
  children: ComponentChildren
  /** Opens in a new tab (resources), said to screen readers. */
  away?: string
  class?: string
  onClick?: () => void
}

export const Link = ({ href, children, away, class: cls, onClick }: LinkProps) => {
  const safe = safeHref(href)
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
            <Link href={r.url} away={ctx.s.newTab} {...(onClick ? { onClick } : {})}>
              <b>{ctx.s[r.kind ?? 'link'] ?? ctx.s.link}</b> {r.title}
            </Link>
          </li>
        ))}
      </ul>
    )
    : null
