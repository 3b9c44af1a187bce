// floating-ui, which places a tooltip next to its target (anchor.ts). npm builds bundle it with the
// UI and have it at once. The script tag's UI file does not carry it (rollup.config.mjs's
// `lazyChunks` puts floating.lazy.ts in its place there): dist/milepost-floating.min.js is loaded
// from beside the UI file once a tooltip's target is on the page, so a page with nothing to point
// at never downloads it.
import { arrow, autoUpdate, computePosition, flip, hide, offset, shift } from '@floating-ui/dom'

export const floating = { arrow, autoUpdate, computePosition, flip, hide, offset, shift }
export type Floating = typeof floating

/** floating-ui's functions; a Promise so the script tag can load them from a file of their own. */
export const loadFloating = (): Promise<Floating> => Promise.resolve(floating)
