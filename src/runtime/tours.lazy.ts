// The script tag's tours (rollup.config.mjs's `lazyChunks` puts this file in place of tours.ts in
// dist/milepost.min.js only): a hand-over to the stand-in in the engine's file (tours-stand-in.ts),
// which loads what moves tours (dist/milepost-tours.min.js, with this file's loader: the script's
// own URL is read as the tag evaluates) once something may move one. Until the
// engine is here the state is a quiet one (core/quiet.ts), where no tour runs or can start by
// itself: the state's changes and the page's facts have nothing to move. startTour() and the UI's
// tour buttons bring the engine. npm builds import tours.ts.
import { lazy } from '../adapters/chunk'
import { engineNow, loadEngine } from './engine'
import type { TourParts, Tours } from './tours'
import type { createTours as standIn, LoadTours } from './tours-stand-in'

export type { TourParts, Tours }

const load: LoadTours = lazy('milepost-tours.min.js')

/** Same as tours.ts's: the engine file's stand-in once the engine is here. */
export const createTours = (parts: TourParts): Tours => {
  let real: Tours | undefined
  const now = () => (real ??= (engineNow() as { createTours?: typeof standIn } | undefined)?.createTours?.(parts, load))
  const later = () => loadEngine().then(now, (error: unknown) => void parts.onFail?.(error))
  return {
    watch: () => now()?.watch(),
    begin: () => now()?.begin(),
    stop: () => real?.stop(),
    start: (id) => later().then((t) => t?.start(id)),
    request: (r) => later().then((t) => t?.request(r)),
    fact: (f) => now()?.fact(f),
  }
}
