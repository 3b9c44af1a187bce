import type { ReadableAtom } from 'nanostores'
import type { JourneyState } from '../core/index'
import { derive } from '../stores/derive'
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
export const snapshotStore = ({ $state, $journey, $now, $user, $account, $previewTraits, $persistence, $held }: Stores): ReadableAtom<MilepostState> =>
  derive([$state, $journey, $now, $user, $account, $previewTraits, $persistence, $held], (state, journey, now, user, account, preview, persistence, held) => ({
    ...verdict(state ?? notReadyState(journey, now)),
    // Held while a browser new to the user waits for the server's document (session.ts).
    ready: !!state && !held, preview: !!preview, persistence, user,
    ...(account ? { account } : {}),
    ...(!inBrowser() && { reason: 'no-browser' as const }),
  }))
