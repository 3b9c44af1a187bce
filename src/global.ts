// The script-tag entry (dist/milepost.min.js): reads its data- attributes, replays the calls the
// loader stub queued, in order, and becomes window.Milepost: an object that delegates to a
// createMilepost() instance, with one method of its own, init(), which adds the tag's defaults.
// The UI (preact, components, CSS) is a file beside this one (dist/milepost-ui.min.js), mounted
// only once the state has something to show, or when the host calls open(); the engine is another
// (dist/milepost-engine.min.js, runtime/engine.lazy.ts), not loaded by a quiet start.
import { createMilepost } from './index'
import type { Milepost, MilepostOptions, Traits } from './index'
import { chunkBase, lazy, ownScript } from './adapters/chunk'
import { uiHint } from './adapters/hint'
import { warmIdb } from './adapters/storage-idb'
import { yieldTask } from './adapters/yield'
// The tag's own loader (the preview file also reads the URL), the one preview() uses there too.
import { loadPreview } from './runtime/preview-session.lazy'
import { plain } from './runtime/input'
import type { MountUiOptions, mountUi } from './ui/index'
import { showsSomething } from './ui/shows'

/** What the loader stub queues: a method name, its arguments and the stub Promise's settlers. */
type Call = [name: string, args: ArrayLike<unknown>, resolve: (value?: unknown) => void, reject: (error: unknown) => void]
type Global = { Milepost?: Record<string, unknown> & { _q?: Call[] } }

/** The UI's file, resolved against this script's own URL. */
const UI_FILE = 'milepost-ui.min.js'

const w = window as unknown as Global
const existing = w.Milepost
const script = ownScript()
const data = script?.dataset ?? {}
const problems: Array<[string, string]> = []
const json = (name: string, text: string | null | undefined, kind = 'traits'): unknown => {
  if (text == null) return
  try {
    return JSON.parse(text)
  } catch (error) {
    problems.push([kind, `${name} is not valid JSON (${error}); it is ignored`])
  }
}
const options: MilepostOptions = {}
const config = json('data-config', data.config, 'config')
if (config !== undefined) options.config = config as NonNullable<MilepostOptions['config']>
// The attributes taken as they are (data-config-url, data-endpoint, data-storage, data-locale, data-theme).
for (const k of ['configUrl', 'endpoint', 'storage', 'locale', 'theme'] as const) if (data[k]) (options as Record<string, string>)[k] = data[k]!
const traits = json('data-traits', data.traits) as Traits | undefined
// Either may be missing (an anonymous user with traits): init() reads an undefined field as not given.
if (data.userId || traits) options.user = { id: data.userId, traits } as NonNullable<MilepostOptions['user']>
const accountTraits = json('data-account-traits', data.accountTraits) as Traits | undefined
if (data.accountId) options.account = { id: data.accountId, ...(accountTraits ? { traits: accountTraits } : {}) }
else if (accountTraits) problems.push(['input', 'data-account-traits needs data-account-id; it is ignored'])
if (data.ui == 'false') options.ui = false
if (existing && !existing._q && typeof existing.init == 'function') {
  // Loaded again. Turbo Drive (and other pages that swap their <body>) runs a <head> script again
  // when its attributes changed: the page after a sign-in names its user. The running copy goes on,
  // with this tag's user (`identify()`: the same user with nothing new changes nothing).
  console.warn('[milepost] loaded twice: the first copy runs')
  if (data.userId) void (existing as unknown as Milepost).identify(data.userId, traits, options.account)
} else {
  const base = chunkBase()
  let api = createMilepost()
  const ui: MountUiOptions = {}
  // data-position="bottom-left"; the UI reads any other value as bottom-right, the default.
  if (data.position) ui.position = data.position as 'bottom-left'
  ui.nonce = script?.nonce
  const report = (kind: string, message: string) => api.emit('error', { kind, message })

  /**
   * `?milepost-preview` (with optional `milepost-day=5`, `milepost-traits={"plan":"pro"}`,
   * `milepost-completed=step-a,step-b`) opens the checklist in preview: a PM sees that day. Such a
   * page keeps everything in memory and syncs nothing, so the real progress is never touched. The
   * preview file reads the URL (`previewFromQuery`); a file that cannot load is told by preview().
   */
  const q = new URLSearchParams(location.search)
  const previewing = q.has('milepost-preview')
  const previewFromUrl = (): Promise<void> | void => previewing ? loadPreview()
    .then((m) => m.previewFromQuery(q, (message) => report('traits', message)), () => ({}))
    .then((o) => api.preview(o))
    .then(() => api.open()) : undefined

  /**
   * The UI mounts once the state has something to show (or on `open()`). Its file is fetched as
   * the tag evaluates, before any state, unless the previous page had nothing to show (a done user
   * then downloads this file only); the first paint then waits for the state alone.
   */
  const hint = uiHint()
  // A celebration the tab's last page was left under (a click that finished a milestone and left
  // the page, ui/controller.ts): the UI mounts to show it, even for a journey now done.
  let cheer: unknown
  try {
    cheer = sessionStorage.getItem('milepost:cheer')
  } catch {
    // blocked: nothing kept
  }
  let loading: Promise<{ mountUi: typeof mountUi } | void> | undefined
  let mounted = false
  let dead = false
  const uiFile = lazy<{ mountUi: typeof mountUi }>(UI_FILE, base)
  const load = () => (loading ??= uiFile().catch((error) => report('ui', 'the UI could not load: ' + error)))
  // The first draw is a task of its own, after the one that made the state (yieldTask).
  const mount = (then?: () => void) => void load().then(async (chunk) => {
    await yieldTask()
    if (!chunk || dead) return
    const go = () => {
      if (!mounted && !dead) (mounted = true), chunk.mountUi(api, ui)
      then?.()
    }
    if (document.body) go()
    else document.addEventListener('DOMContentLoaded', go, { once: true })
  })
  const startUi = () => {
    let said: boolean | undefined
    api.on('open', () => mounted || mount(() => api.open()))
    // A milestone done with nothing mounted (a user who hid the checklist): its celebration still shows.
    api.on('milestone:completed', (d) => mounted || ((ui.cheer = (d as { milestoneId: string }).milestoneId), mount()))
    api.subscribe((state) => {
      if (!state.ready) return
      const shows = showsSomething(state)
      // What the next page's start reads (a journey finished on this page: nothing to show next
      // time). A preview's made-up state is not this user's.
      if (!state.preview && shows !== said) hint.write((said = shows))
      if ((shows || cheer) && !mounted) mount()
    })
  }

  // The data- attributes are the defaults of the first init(), whoever calls it (the tag itself,
  // the stub's queue, or the host later); it also starts the UI unless told `ui: false`.
  let first = true
  let withUi = options.ui !== false
  const init = (o?: MilepostOptions) => {
    // After destroy(), a new instance takes the ended one's place, as on a new page (a host that
    // signs its user out with destroy() and in again with init(), without a reload).
    if (dead) Object.setPrototypeOf(global, (api = createMilepost())), (first = true), (dead = mounted = false)
    if (!first) return api.init(o)
    first = false
    const all = { ...options, ...plain(o, report) }
    // A preview page touches nothing real from its first moment: memory storage, no sync.
    if (previewing) {
      all.storage = 'memory'
      delete all.endpoint
    }
    const started = api.init(all) // returned as it is: init() gives the same Promise every time
    void started.then(previewFromUrl)
    // Without the UI, the next page does not fetch its file ahead (a task of its own: storage is
    // slow). A preview leaves nothing, as startUi's subscriber.
    if ((withUi = all.ui !== false)) startUi()
    else if (!previewing) setTimeout(() => hint.write(false))
    return started
  }
  const global: Milepost = Object.create(api, { init: { value: init }, destroy: { value: () => ((dead = true), api.destroy()) } })
  ;(w as { Milepost: unknown }).Milepost = global
  // A data-config that is not JSON starts too: the journey is refused and every call settles (they waited for an init()).
  // An init() the stub queued starts it instead, with the attributes as its defaults: that is how a
  // page passes what an attribute cannot hold (navigate, getHeaders, strings).
  if ((data.config || options.configUrl) && !existing?._q?.some((call) => call[0] == 'init')) void init(options)
  for (const [name, args, resolve] of existing?._q ?? []) {
    const method = (global as unknown as Record<string, unknown>)[name]
    if (typeof method == 'function') resolve(method(...Array.from(args)))
    else report('input', `Milepost.${name}() does not exist`), resolve()
  }
  // After the replay, so on('error') handlers queued by the stub hear about them.
  for (const [kind, message] of problems) report(kind, message)
  // A task of its own: the first localStorage read of a page costs several ms. Before the host's
  // init(), what the progress database holds is read too, for the first paint (nothing is created).
  setTimeout(() => {
    if (first && !previewing && (options.storage ?? 'indexeddb') == 'indexeddb') void warmIdb()
    // The UI file, unless the last page had nothing to show (which fetches floating-ui in turn after
    // a page that placed a tooltip: ui/floating.lazy.ts).
    if (withUi && !dead && hint.read() !== false) void load()
  })
}
