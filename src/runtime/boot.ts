import type { Journey, Progress } from '../core/index'
import type { FetchJson } from '../adapters/journey-fetch'
import type { FallbackStore } from '../adapters/storage'
import { yieldTask } from '../adapters/yield'
import type { MilepostOptions } from './api'
import { loadJourney } from './config'
import type { Emitter } from './emitter'
import { loadProgress } from './load-progress'
import { userPrefix } from './progress-keys'

/** What the first session starts from: the validated journey, and the user's progress if already being read. */
export interface Prepared {
  journey: Journey
  early?: readonly [prefix: string, read: Promise<[Progress, string[]]>]
}

const noop = () => {}

/**
 * `init()`'s work before the first session: validates the journey (downloaded with `fetchJson`
 * from `configUrl`) in a task of its own, while storage opens. An inline journey's user progress
 * is read at once, under the id the journey gives (used if validation agrees). Resolves undefined,
 * with the issues reported, when the journey is refused.
 */
export const prepare = async (o: MilepostOptions, store: FallbackStore, userId: string, report: Emitter['report'], fetchJson: FetchJson): Promise<Prepared | undefined> => {
  const id = (o.config as { id?: unknown } | undefined)?.id
  let early: Prepared['early']
  if (typeof id == 'string') {
    const at = userPrefix(id, userId)
    early = [at, loadProgress(store, at, userId)]
    early[1].catch(noop)
  }
  const warm = o.config === undefined && store.read('\u0000').catch(noop) // IndexedDB opens during the download
  await yieldTask() // the host's own start goes on
  const { journey, issues } = await loadJourney(o.config, o.configUrl, fetchJson)
  // A journey comes only without errors (validateJourney's contract, kept by the tag's remembered answers).
  if (!journey) {
    const errors = issues.filter((issue) => issue.severity == 'error')
    report('config', errors.reduce((s, i) => `${s}\n${i.path}: ${i.message}`, 'invalid journey, nothing shown:'), { issues: errors })
    return
  }
  if (o.debug && issues.length) console.debug('[milepost] journey warnings', issues)
  await warm
  await yieldTask() // validating and the first state are tasks of their own
  return early ? { journey, early } : { journey }
}
