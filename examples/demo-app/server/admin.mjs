// The demo's way in to the dashboard: an admin token, from MILEPOST_ADMIN_TOKEN or made at start
// and printed as a link. Opening `/dashboard/login?token=…` sets an HttpOnly cookie that only
// `/dashboard` paths receive; `Authorization: Bearer <token>` works too (curl, CSV scripts).
// The demo's users (their own cookie) are not admins: the dashboard answers them 403.
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { readUser } from './session.mjs'

export const ADMIN_COOKIE = 'milepost_admin'
const MAX_AGE_S = 8 * 3600

const same = (a, b) => {
  const x = Buffer.from(String(a))
  const y = Buffer.from(String(b))
  return x.length === y.length && timingSafeEqual(x, y)
}

const cookieValue = (header, name) => {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim()
  }
  return null
}

/** The admin sign-in: `token` (given, else random), `authorize` for the dashboard, and the login route. */
export const createAdmin = (given) => {
  const token = given || randomBytes(18).toString('base64url')
  return {
    token,
    /** The dashboard's `authorize`: an admin with the token, a demo user (not an admin) with theirs, else nobody. */
    authorize: (request) => {
      const bearer = /^Bearer (.+)$/.exec(request.headers.get('authorization') ?? '')?.[1]
      const cookie = cookieValue(request.headers.get('cookie'), ADMIN_COOKIE)
      if ((bearer && same(bearer, token)) || (cookie && same(cookie, token))) return { userId: 'admin', role: 'admin' }
      const user = readUser(request.headers.get('cookie'))
      return user ? { userId: user.userId } : null
    },
    /** `GET /dashboard/login?token=…`: the cookie, then the dashboard; a wrong token gets 403. */
    login: (req, res, query) => {
      if (!same(query.get('token') ?? '', token)) {
        res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end('Wrong or old admin token: use the dashboard link npm start printed.\n')
        return
      }
      res.writeHead(303, {
        'set-cookie': `${ADMIN_COOKIE}=${token}; Path=/dashboard; Max-Age=${MAX_AGE_S}; HttpOnly; SameSite=Strict`,
        location: '/dashboard',
      }).end()
    },
  }
}
