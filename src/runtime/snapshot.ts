import { computed } from 'nanostores'
import type { ReadableAtom } from 'nanostores'
import type { Stores } from '../stores/stores'
import type { MilepostState } from './api'
import { inBrowser } from './no-browser'
import { notReadyState } from './not-ready'

/**
 * What `getState()` returns and `subscribe()` delivers: the engine's verdict plus where the runtime
 * stands, computed from the stores, so a subscriber hears of every change the stores make.
 */
export const snapshotStore = ({ $state, $journey, $now, $user, $previewTraits, $persistence }: Stores): ReadableAtom<MilepostState> =>
  computed([$state, $journey, $now, $user, $previewTraits, $persistence], (state, journey, now, user, preview, persistence) => ({
    ...(state ?? notReadyState(journey, now)),
    ready: !!state, preview: !!preview, persistence, user,
    ...(!inBrowser() && { reason: 'no-browser' as const }),
  }))
