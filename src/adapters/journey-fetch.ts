/** Fetches JSON; rejects with a message naming the URL on an HTTP error, a network error or bad JSON. */
export type FetchJson = (url: string) => Promise<unknown>

/**
 * The journey download: `fetch` with the page's same-origin credentials (a journey behind the
 * host's login). `fetch` is looked up on every call, so a host that wraps it later is honoured.
 */
export const fetchJourney: FetchJson = async (url) => {
  const response = await fetch(url, { credentials: 'same-origin' })
  if (!response.ok) throw new Error(`HTTP ${response.status}`)
  return response.json()
}
