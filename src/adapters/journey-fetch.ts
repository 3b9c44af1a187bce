/** Fetches JSON; rejects on an HTTP error (with `HTTP <status>`), a network error or bad JSON. */
export type FetchJson = (url: string) => Promise<unknown>

/**
 * The journey download: `fetch` with the page's same-origin credentials (a journey behind the
 * host's login: `same-origin` is fetch's default, in every browser the tag supports). `fetch` is
 * looked up on every call, so a host that wraps it later is honoured.
 */
export const fetchJourney: FetchJson = (url) =>
  fetch(url).then((response) => (response.ok ? response.json() : Promise.reject('HTTP ' + response.status)))
