/**
 * Where the script tag's chunks live: beside the file that is running (`document.currentScript`),
 * so a CDN path such as `https://cdn.jsdelivr.net/npm/milepost@0.1.0/dist/milepost.min.js` loads
 * its UI from the same folder. Read while the tag evaluates: `currentScript` is null afterwards.
 */
export const chunkBase = (doc: Document = document): string =>
  (doc.currentScript as HTMLScriptElement | null)?.src || doc.baseURI

/**
 * Loads an ES module chunk with `import()`: allowed by `script-src 'self'` for a same-origin file,
 * and a nonce'd script's nonce carries over to what it imports (HTML's "descendant script fetch
 * options"). From another origin the chunk is fetched with CORS, which public CDNs answer.
 */
export const loadChunk = <T>(name: string, base: string): Promise<T> => import(/* webpackIgnore: true */ new URL(name, base).href) as Promise<T>
