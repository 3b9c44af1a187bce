/**
 * Fetch-API plumbing for the handler: JSON answers, a body read that stops at a byte cap, and CORS.
 */

/** Which browser origins may call the endpoint from another origin. */
export type AllowOrigin = string | readonly string[] | ((origin: string) => boolean)

/** A JSON answer that no cache keeps; a string body is taken as JSON already. */
export const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    // nosniff: a browser never reads a JSON answer (which may echo user text) as HTML or script.
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers },
  })

/** The body as text, or null once it passes `max` bytes (read no further: the answer is 413). */
export const readCapped = async (request: Request, max: number): Promise<string | null> => {
  if (Number(request.headers.get('content-length') ?? 0) > max) return null
  if (!request.body) return ''
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > max) {
      await reader.cancel().catch(() => undefined)
      return null
    }
    chunks.push(value)
  }
  const all = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    all.set(chunk, offset)
    offset += chunk.byteLength
  }
  return new TextDecoder().decode(all)
}

const allows = (allow: AllowOrigin, origin: string): boolean =>
  typeof allow === 'function' ? allow(origin) : typeof allow === 'string' ? allow === '*' || allow === origin : allow.includes(origin)

/**
 * CORS headers for a request's origin, or none when it is not allowed (the browser then blocks it).
 * Retry-After and Date are exposed: without them a cross-origin client cannot read them, and
 * retries a busy server on its own backoff instead of waiting as asked (a Retry-After date counts
 * from the answer's Date, not the device's clock).
 */
export const corsHeaders = (allow: AllowOrigin | undefined, request: Request): Record<string, string> => {
  const origin = request.headers.get('origin')
  if (!allow || !origin || !allows(allow, origin)) return {}
  return { 'access-control-allow-origin': origin, 'access-control-expose-headers': 'Retry-After, Date', vary: 'Origin' }
}

/** The answer to a CORS preflight (JSON bodies and auth headers trigger one): the asked headers are allowed. */
export const preflight = (cors: Record<string, string>, request: Request): Response =>
  new Response(null, {
    status: 204,
    headers: {
      ...cors,
      'access-control-allow-methods': 'GET, POST, OPTIONS',
      'access-control-allow-headers': request.headers.get('access-control-request-headers') ?? 'authorization, content-type',
      'access-control-max-age': '86400',
    },
  })
