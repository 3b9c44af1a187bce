/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com): `webhook-id`, `webhook-timestamp`
 * (seconds) and `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, keyed by the
 * base64 part of a `whsec_…` secret. Web Crypto only, so it runs in Node and in edge runtimes.
 */

const PREFIX = 'whsec_'

/** Whether `secret` is a Standard Webhooks secret: `whsec_` and non-empty base64. */
export const isWebhookSecret = (secret: unknown): secret is string => {
  if (typeof secret !== 'string' || !secret.startsWith(PREFIX) || !/^[A-Za-z0-9+/]+={0,2}$/.test(secret.slice(PREFIX.length))) return false
  try {
    return atob(secret.slice(PREFIX.length)).length > 0
  } catch {
    return false // a length base64 cannot have
  }
}

const keyOf = async (secret: string): Promise<CryptoKey> => {
  const raw = Uint8Array.from(atob(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret), (c) => c.charCodeAt(0))
  return crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
}

const base64 = (bytes: ArrayBuffer): string => btoa(String.fromCharCode(...new Uint8Array(bytes)))

/** The `webhook-signature` value for one message: `v1,<base64>`. */
export const signWebhook = async (secret: string, id: string, timestamp: number, body: string): Promise<string> => {
  const mac = await crypto.subtle.sign('HMAC', await keyOf(secret), new TextEncoder().encode(`${id}.${timestamp}.${body}`))
  return `v1,${base64(mac)}`
}

/** Compares without stopping at the first difference. */
const same = (a: string, b: string): boolean => {
  let diff = a.length ^ b.length
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0)
  return diff === 0
}

/** Request headers as `fetch` gives them, or as Node's `req.headers` holds them. */
export type WebhookHeaders = Headers | Readonly<Record<string, string | readonly string[] | undefined>>

export interface VerifyWebhookOptions {
  /**
   * The `whsec_…` secret shared with the sender, or several while one is rotated (the new one and
   * the old one): a post signed with any of them is accepted.
   */
  secret: string | readonly string[]
  headers: WebhookHeaders
  /** The raw body, exactly as received (parse it only after verifying). */
  body: string
  /** Seconds the timestamp may be off from now, either way (replays). @default 300 */
  toleranceSeconds?: number
  /** @default Date.now */
  now?: () => number
}

const header = (headers: WebhookHeaders, name: string): string => {
  if (headers instanceof Headers) return headers.get(name) ?? ''
  const v = headers[name]
  return (Array.isArray(v) ? v[0] : (v as string | undefined)) ?? ''
}

/**
 * Whether a webhook came from whoever holds `secret` (or one of several), untouched and recent:
 * checks `webhook-signature` (any of its space-separated `v1,` entries) over `id.timestamp.body`.
 * @example
 * if (!(await verifyWebhook({ secret: process.env.MILEPOST_WEBHOOK_SECRET!, headers: req.headers, body: raw }))) {
 *   return res.writeHead(401).end()
 * }
 * const notice = JSON.parse(raw)
 */
export const verifyWebhook = async ({ secret, headers, body, toleranceSeconds = 300, now = Date.now }: VerifyWebhookOptions): Promise<boolean> => {
  const id = header(headers, 'webhook-id')
  const timestamp = header(headers, 'webhook-timestamp')
  const signatures = header(headers, 'webhook-signature').split(' ').filter((s) => s.startsWith('v1,'))
  if (!id || !/^\d+$/.test(timestamp) || signatures.length === 0) return false
  if (Math.abs(now() / 1000 - Number(timestamp)) > toleranceSeconds) return false
  // Anything else (an unset environment variable) accepts nothing, as before: never a throw in a route.
  for (const key of typeof secret === 'string' ? [secret] : Array.isArray(secret) ? secret : []) {
    try {
      const expected = await signWebhook(key, id, Number(timestamp), body)
      if (signatures.some((s) => same(s, expected))) return true
    } catch {
      // a secret that is not base64 accepts nothing; the others still may
    }
  }
  return false
}
