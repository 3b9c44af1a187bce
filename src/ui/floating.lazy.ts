// The script tag's loadFloating (rollup.config.mjs's `lazyChunks` puts it in place of floating.ts in
// dist/milepost-ui.min.js only): floating-ui is a file of its own, dist/milepost-floating.min.js,
// fetched from beside the UI file (an ES module: `import.meta.url` is its own URL, a CDN path
// included) the first time a tooltip's target is on the page. A load that fails rejects, and the
// next call tries again.
import { lazy } from '../adapters/chunk'
import { tipHint, usageHint } from '../adapters/hint'
import type { Floating } from './floating'

const load = lazy<{ floating: Floating }>('milepost-floating.min.js', import.meta.url)
/**
 * Whether the previous page placed a tooltip, then whether this one did: on a page after one that
 * placed one, floating-ui is fetched as this file evaluates (the first file fetches this one as the
 * tag starts), so the first tooltip does not wait for one more request after the UI's first draw.
 * A page that reads true and places none writes false as it leaves.
 */
const hint = usageHint(tipHint())
if (hint.read()) load().catch(() => {})

export const loadFloating = (): Promise<Floating> => {
  hint.use()
  return load().then((m) => m.floating)
}
