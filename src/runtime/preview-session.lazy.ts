// The script tag's loadPreview (rollup.config.mjs's `lazyChunks` puts it in place of
// preview-session.ts in dist/milepost.min.js only): the preview is a file of its own,
// dist/milepost-preview.min.js, loaded from beside the script on `?milepost-preview` or `preview()`.
// The host holds the calls made meanwhile (host.hold): they run, in order, once the preview has
// started. A file that cannot load rejects: preview() tells on('error') and the user's session
// goes on as before the call.
import { lazy } from '../adapters/chunk'
import type { startPreviewSession as start } from './preview-session'
import type { previewFromQuery } from './preview'

export const loadPreview = lazy<{ startPreviewSession: typeof start; previewFromQuery: typeof previewFromQuery }>('milepost-preview.min.js')
