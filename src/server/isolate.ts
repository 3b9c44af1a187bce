// One bad event must never block the ones after it: when the store refuses a batch's data (a
// value the protocol checks let through and the database does not take), the batch is applied
// event by event and only what the store refuses is rejected.
import { emptyProgress } from '../core'
import type { Rejection } from '../protocol'
import type { IngestInput, IngestResult, SyncStore } from './store'
import { isDataError } from './unavailable'

/**
 * `store.ingest(input)`, or, when it fails on a data error, each event alone (each refused one is
 * pushed to `rejected`), then the client's document, which is skipped if the store refuses it
 * too (it is anti-entropy only: the client keeps it). Other errors are thrown as they are.
 */
export const ingestIsolated = async (
  store: SyncStore, input: IngestInput, rejected: Rejection[], log: (message: string, error?: unknown) => void,
): Promise<IngestResult> => {
  try {
    return await store.ingest(input)
  } catch (error) {
    if (!isDataError(error)) throw error
    log(`the store refused batch data for user ${JSON.stringify(input.userId)}; applying its events one by one`, error)
  }
  const { progress, events, ...rest } = input
  const result: IngestResult = { inserted: [], duplicates: [], progress: emptyProgress(input.userId) }
  const apply = async (one: IngestInput): Promise<boolean> => {
    try {
      const r = await store.ingest(one)
      result.inserted.push(...r.inserted)
      result.duplicates.push(...r.duplicates)
      result.progress = r.progress
      delete result.progressJson
      if (r.progressJson !== undefined) result.progressJson = r.progressJson
      return true
    } catch (error) {
      if (!isDataError(error)) throw error
      return false
    }
  }
  for (const event of events) {
    if (!(await apply({ ...rest, events: [event] }))) rejected.push({ id: event.id, reason: 'the store cannot keep this event\'s data' })
  }
  if (!(progress && (await apply({ ...rest, events: [], progress })))) {
    result.progress = (await store.getProgress(input.journeyId, input.userId, input.scope)) ?? result.progress
    delete result.progressJson
  }
  return result
}
