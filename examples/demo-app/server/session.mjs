// The demo's sign-in: each browser gets a made-up user in one cookie, `<userId>.<signedUpAt ms>`.
// The id is 96 random bits, so the cookie is an unguessable session token; a real app would
// authorize from its own session instead.
import { randomBytes } from 'node:crypto'

export const COOKIE = 'milepost_demo'
const DAY = 86_400_000
const MAX_AGE_S = 90 * 86_400
const VALUE = /^(demo-[A-Za-z0-9_-]{16})\.(\d{1,15})$/

/** A new demo user who signed up `daysAgo` days before `now`. */
export const newUser = (daysAgo, now = Date.now()) => ({
  userId: `demo-${randomBytes(12).toString('base64url')}`,
  signedUpAt: now - daysAgo * DAY,
})

/** The user in a `Cookie` header, or null when there is none or it is not one we issued. */
export const readUser = (cookieHeader) => {
  for (const part of (cookieHeader ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0 || part.slice(0, eq).trim() !== COOKIE) continue
    const match = VALUE.exec(part.slice(eq + 1).trim())
    const signedUpAt = Number(match?.[2])
    return match && signedUpAt <= Date.now() ? { userId: match[1], signedUpAt } : null
  }
  return null
}

/** The `Set-Cookie` value: HttpOnly (page scripts never see it), sent on same-site requests only. */
export const userCookie = ({ userId, signedUpAt }) =>
  `${COOKIE}=${userId}.${signedUpAt}; Path=/; Max-Age=${MAX_AGE_S}; HttpOnly; SameSite=Lax`
