// The script tag's syncTrouble (rollup.config.mjs's `lazyChunks` puts this file in place of
// trouble.ts in dist/milepost.min.js only): a sync endpoint's answers other than an
// acknowledgement are a file of their own, dist/milepost-trouble.min.js, loaded from beside the
// script the first time a server answers so. A page whose requests are acknowledged (or that is
// offline) does not download it. A file that cannot load rejects: the sync pass reports it and
// backs off, and the next answer tries the file again.
import { lazy } from '../adapters/chunk'
import type { syncTrouble as handle } from './trouble'

const load = lazy<{ syncTrouble: typeof handle }>('milepost-trouble.min.js')

export const syncTrouble: typeof handle = async (...args) => (await load()).syncTrouble(...args)
