// The script tag's preview file (dist/milepost-preview.min.js, rollup.config.mjs's `lazyChunks`):
// the preview session, and what a `?milepost-preview` page asks to see (read by src/global.ts once
// this file has loaded, so the first file carries no parsing of its own for a page few users see).
export { startPreviewSession } from './preview-session'
export { previewFromQuery } from './preview'
