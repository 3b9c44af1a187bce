/**
 * The script tag's element: `document.currentScript` while the tag evaluates, or, for a tag
 * written `type="module"` (where that is null), the page's last `<script>` of `milepost.min.js`
 * (a page that added another, such as Turbo's next page: the newest).
 */
export const ownScript = (doc: Document = document): HTMLScriptElement | null =>
  (doc.currentScript ?? [...doc.querySelectorAll('script[src*="milepost.min.js"]')].pop() ?? null) as HTMLScriptElement | null

/**
 * Where the script tag's chunks live: beside the file that is running (`ownScript`),
 * so a CDN path such as `https://cdn.jsdelivr.net/npm/milepost@0.1.0/dist/milepost.min.js` loads
 * its UI from the same folder. Read while the tag evaluates: `currentScript` is null afterwards.
 */
export const chunkBase = (doc: Document = document): string => ownScript(doc)?.src || doc.baseURI

declare const __MILEPOST_BUILD__: string

/**
 * Loads an ES module chunk with `import()`: allowed by `script-src 'self'` for a same-origin file,
 * and a nonce'd script's nonce carries over to what it imports (HTML's "descendant script fetch
 * options"). From another origin the chunk is fetched with CORS, which public CDNs answer. The URL
 * carries the build (`?v=1nvrc`, a hash of the version, sources and locked dependencies: see
 * rollup.config.mjs): a host that caches its static files for long never pairs an upgraded first
 * file with a chunk of another build, whose exports may differ (bb-r30: two builds of one version did).
 */
export const loadChunk = <T>(name: string, base: string, retry = 0): Promise<T> =>
  import(/* webpackIgnore: true */ new URL(name + '?v=' + __MILEPOST_BUILD__ + '#' + retry, base).href) as Promise<T>

/**
 * A module of the script tag that its first file does not carry (rollup.config.mjs's `lazyChunks`):
 * `lazy('milepost-x.min.js')` returns a loader that fetches the file from beside the script the
 * first time it is called and gives every later call the same promise. Call `lazy` while the tag
 * evaluates (at a module's top level): that is when the script's own URL can be read. A load that
 * fails is tried again by the next call.
 */
export const lazy = <T>(name: string, base = chunkBase()): (() => Promise<T>) => {
  let loading: Promise<T> | undefined
  let tries = 0
  // A retry imports another URL (`#1`, … : the request stays the same): a browser may keep a module
  // whose fetch failed as failed for the page's life (Chromium 150 does), and answer every later
  // import() of its URL with that.
  return () => (loading ??= loadChunk<T>(name, base, tries++).catch((error: unknown) => {
    loading = undefined
    // The error's kind (TypeError: not fetched; SyntaxError: a browser too old for it), not its
    // message, which names the URL tried: the same failure again is told once (the emitter's rule).
    throw new Error(`${new URL(name, base).href} could not load (${(error as Error)?.name})`)
  }))
}
