// The dashboard's JSON API, read with the page's own credentials (same origin: the cookie goes along).

/** Filters and options of a figure request, as query-string pairs (a key may repeat). */
export type Params = ReadonlyArray<readonly [string, string]>

export interface Api {
  get<T>(figure: string, params: Params): Promise<T>
  /** The same figure as a CSV download. */
  csv(figure: string, params: Params): string
}

const query = (params: Params, extra: Params = []) => {
  const q = new URLSearchParams()
  for (const [k, v] of [...params, ...extra]) q.append(k, v)
  return q.toString()
}

/** An API client for `base` (`/dashboard/api`); `fetch` is passed in tests. */
export const createApi = (base: string, fetcher: typeof fetch = (...a) => fetch(...a)): Api => ({
  async get<T>(figure: string, params: Params) {
    const response = await fetcher(`${base}/${figure}?${query(params)}`, { credentials: 'same-origin', headers: { accept: 'application/json' } })
    const body = await response.json().catch(() => null) as (T & { error?: string }) | null
    if (!response.ok || !body) throw new Error(body?.error ?? `HTTP ${response.status}`)
    return body
  },
  csv: (figure, params) => `${base}/${figure}?${query(params, [['format', 'csv']])}`,
})
