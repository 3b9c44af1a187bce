import { computed } from 'nanostores'
import type { ReadableAtom } from 'nanostores'
import type { JourneyState } from '../core/index'
import type { Stores } from '../stores/stores'
import type { MilepostState } from './api'
import { inBrowser } from './no-browser'
import { notReadyState } from './not-ready'

/** The engine's verdict without its `account` (`{ id }`): the snapshot's has the traits too. */
const verdict = ({ account: _, ...state }: Omit<JourneyState, 'account'> & { account?: unknown }): Omit<JourneyState, 'account'> => state

/**
 * What `getState()` returns and `subscribe()` delivers: the engine's verdict plus where the runtime
 * stands, computed from the stores, so a subscriber hears of every change the stores make.
 */
export const snapshotStore = (stores: Stores): ReadableAtom<MilepostState> => {
  const { $state, $journey, $now, $user, $account, $previewTraits, $persistence } = stores
  return computed([$state, $journey, $now, $user, $account, $previewTraits, $persistence], (state, journey, now, user, account, preview, persistence) => ({
    ...verdict(state ?? notReadyState(journey, now)),
    // Held while a browser new to the user waits for the server's document (session.ts).
    ready: !!state && !stores.held, preview: !!preview, persistence, user,
    ...(account ? { account } : {}),
    ...(!inBrowser() && { reason: 'no-browser' as const }),
  }))
}
