// The script tag's startPreviewSession (rollup.config.mjs's `lazyChunks` puts it in place of
// preview-session.ts in dist/milepost.min.js only): the preview is a file of its own,
// dist/milepost-preview.min.js, loaded from beside the script on `?milepost-preview` or `preview()`.
// Until it has loaded, the session shows nothing (its `shown` waits), as a user's session does
// while it reads its progress. A file that cannot load is reported, and the user's own session
// starts in its place: the page goes on as before the call.
import type { User } from '../stores/stores'
import { lazy } from '../adapters/chunk'
import type { PreviewOptions } from './preview'
import type { startPreviewSession as start } from './preview-session'
import { startUserSession } from './session'
import type { Session, SessionContext } from './session'

const load = lazy<{ startPreviewSession: typeof start }>('milepost-preview.min.js')

/**
 * Same as preview-session.ts's, once the file has loaded: a session whose calls wait for it (the
 * loaded one groups its writes with the stores' own `batch`).
 */
export const startPreviewSession = (ctx: SessionContext, user: User, o: PreviewOptions, after: Promise<unknown>): Session => {
  let real: Session | undefined
  let stopped = false
  const loaded: Promise<Session | undefined> = load().then(
    (m) => m.startPreviewSession,
    (error: unknown) => {
      ctx.emitter.report('preview', `the preview could not start: ${error}`, { error })
      return () => startUserSession(ctx, user, ctx.stores.$account.get(), after)
    },
  ).then((start) => (stopped ? undefined : (real = start(ctx, user, o, after))))
  return {
    // Stopped before the file came: pending, as a stopped session's.
    shown: loaded.then((s) => (s ? s.shown : new Promise<boolean>(() => {}))),
    ready: loaded.then((s) => s?.ready),
    now: () => (real ? real.now() : ctx.clock()),
    dispatch: (drafts) => loaded.then((s) => (s && !stopped ? s.dispatch(drafts) : new Map())),
    // The user's session in the preview's place (a file that could not load) has these too.
    touch: () => real?.touch?.(),
    fellBack: () => real?.fellBack?.(),
    flush: () => real?.flush?.() ?? Promise.resolve(),
    settled: () => (real ? real.settled() : after),
    stop() {
      stopped = true
      real?.stop()
    },
  }
}
