// The script tag's validator file, dist/milepost-validate.min.js (rollup.config.mjs's `lazyChunks`):
// the validator, and what remembers its answer for the next page (only needed once it has answered).
export { validateJourney } from '../core/validate'
export { remember } from './valid-memory'
