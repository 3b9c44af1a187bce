import { emptyProgress } from '../core/progress'
import type { User } from '../stores/stores'
import { applyDrafts } from './apply'
import { traitsOf } from './input'
import { previewInput, previewOf } from './preview'
import type { PreviewOptions } from './preview'
import type { Session, SessionContext } from './session'

/**
 * A preview is a session like the user's, with the same interface, that touches nothing real:
 * its progress lives in the stores only (a new user who started on the journey's start, with
 * `completed` done), its clock stands on the chosen day, and nothing is stored, synced, told to
 * other tabs or escalated. Events still apply, so a PM can click through it.
 */
export const startPreviewSession = (ctx: SessionContext, user: User, given: PreviewOptions, after: Promise<unknown>): Session => {
  const { journey, stores, emitter } = ctx
  const { $progress, $accountProgress, $account, $now, $previewTraits, batch } = stores
  const account = $account.get()
  // What the host passed, unchecked (the first file carries no reading of it): each bad field is an `input` error, left out.
  const o = previewInput(journey, given, (message) => emitter.report('input', message))
  const traits = traitsOf(o.traits)
  const { doc, now } = previewOf(journey, user.id, { ...user.traits, ...traits }, o, ctx.clock())
  let stopped = false
  batch(() => {
    $now.set(now)
    $previewTraits.set(traits)
    $progress.set(doc)
    // The account has done nothing either: a new account, as the PM would see its first member.
    $accountProgress.set(account && emptyProgress(account.id))
  })
  return {
    shown: Promise.resolve(true),
    ready: Promise.resolve(),
    now: () => now,
    dispatch(drafts) {
      if (!stopped) for (const [name, payload] of applyDrafts(journey, stores, drafts, now, () => {}).changes.events) emitter.emit(name, payload)
      return Promise.resolve(new Map())
    },
    settled: () => after,
    stop() {
      if (stopped) return
      stopped = true
      batch(() => {
        $previewTraits.set(null)
        $progress.set(null)
        $accountProgress.set(null)
      })
    },
  }
}

/**
 * The preview's module: at once here; the script tag loads it from beside itself, as its own file
 * (preview-session.lazy.ts), which also reads what a `?milepost-preview` URL asks for.
 */
export const loadPreview = async () => ({ startPreviewSession })
