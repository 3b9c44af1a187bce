// The script tag's loadFloating (rollup.config.mjs's `lazyChunks` puts it in place of floating.ts in
// dist/milepost-ui.min.js only): floating-ui is a file of its own, dist/milepost-floating.min.js,
// fetched from beside the UI file (an ES module: `import.meta.url` is its own URL, a CDN path
// included) the first time a tooltip's target is on the page. A load that fails rejects, and the
// next call tries again.
import { lazy } from '../adapters/chunk'
import type { Floating } from './floating'

const load = lazy<{ floating: Floating }>('milepost-floating.min.js', import.meta.url)

export const loadFloating = (): Promise<Floating> => load().then((m) => m.floating)
