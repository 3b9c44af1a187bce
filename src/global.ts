// The script-tag entry (dist/milepost.min.js): reads its data- attributes, starts by itself when
// given a journey, replays the calls the loader stub queued, in order, and becomes window.Milepost.
import { createRuntime } from './milepost'
import type { MilepostOptions } from './runtime/api'
import type { Persistence } from './adapters/storage'
import { mountUi } from './ui/index'
import type { MountUiOptions } from './ui/index'

/** What the loader stub queues: a method name, its arguments and the stub Promise's settlers. */
type Call = [name: string, args: ArrayLike<unknown>, resolve: (value: unknown) => void, reject: (error: unknown) => void]
type Global = { Milepost?: Record<string, unknown> & { _q?: Call[] } }

const w = window as unknown as Global
const existing = w.Milepost
if (existing && !existing._q && typeof existing.init == 'function') {
  console.warn('[milepost] the script was loaded twice: the second copy does nothing')
} else {
  const script = document.currentScript as HTMLScriptElement | null
  const data = script?.dataset ?? {}
  const { api, report } = createRuntime()
  const problems: Array<[string, string]> = []
  const json = (name: string, text: string | undefined): unknown => {
    if (text === undefined) return
    try {
      return JSON.parse(text)
    } catch (error) {
      problems.push([name == 'data-config' ? 'config' : 'traits', `${name} is not valid JSON (${String(error)}); it is ignored`])
    }
  }
  const options: MilepostOptions = {}
  const config = json('data-config', data.config)
  if (config !== undefined) options.config = config as NonNullable<MilepostOptions['config']>
  if (data.configUrl) options.configUrl = data.configUrl
  if (data.endpoint) options.endpoint = data.endpoint
  if (data.storage) options.storage = data.storage as Persistence
  const traits = json('data-traits', data.traits) as Record<string, never> | undefined
  if (data.userId || traits) options.user = { ...(data.userId ? { id: data.userId } : {}), ...(traits ? { traits } : {}) }
  if (data.ui == 'false') options.ui = false
  if (data.locale) options.locale = data.locale
  if (data.theme) options.theme = data.theme as 'auto'
  // The data- attributes are the defaults of the first init(), whoever calls it (the tag itself,
  // the stub's queue, or the host later). Unless it says `ui: false`, the UI mounts right after it
  // (which has stored its options: locale, theme, strings, now); destroy() removes the UI.
  const ui: MountUiOptions = {}
  if (data.position == 'bottom-left') ui.position = 'bottom-left'
  if (script?.nonce) ui.nonce = script.nonce
  /**
   * `?milepost-preview` (with optional `milepost-day=5`, `milepost-traits={"plan":"pro"}`,
   * `milepost-completed=step-a,step-b`) opens the checklist in preview: a PM sees that day. Such a
   * page keeps everything in memory and syncs nothing, so the real progress is never touched.
   */
  const q = new URLSearchParams(location.search)
  const previewing = q.has('milepost-preview')
  const previewFromUrl = () => {
    if (!previewing) return
    const day = q.get('milepost-day')
    const traits = json('milepost-traits', q.get('milepost-traits') ?? undefined) as Record<string, never> | undefined
    const completed = q.get('milepost-completed')
    for (const [kind, message] of problems.splice(0)) report(kind, message)
    return api.preview({
      ...(day ? { day: Number(day) } : {}), ...(traits ? { traits } : {}), ...(completed ? { completed: completed.split(',') } : {}),
    }).then(() => api.open())
  }
  const init = api.init
  let first = true
  api.init = (o?: MilepostOptions) => {
    if (!first) return init(o)
    first = false
    const all = { ...options, ...o }
    // A preview page touches nothing real from its first moment: memory storage, no sync.
    if (previewing) {
      all.storage = 'memory'
      delete all.endpoint
    }
    const started = init(all) // returned as it is: init() gives the same Promise every time
    void started.then(previewFromUrl).catch(() => {})
    if (all.ui !== false) {
      const mount = () => mountUi(api, ui)
      if (document.body) mount()
      else document.addEventListener('DOMContentLoaded', mount, { once: true })
    }
    return started
  }
  ;(w as { Milepost: unknown }).Milepost = api
  if (options.config || options.configUrl) void api.init(options)
  for (const [name, args, resolve] of existing?._q ?? []) {
    const method = (api as unknown as Record<string, unknown>)[name]
    if (typeof method == 'function') resolve(method(...Array.from(args)))
    else report('input', `Milepost.${name}() does not exist`), resolve(undefined)
  }
  // After the replay, so on('error') handlers queued by the stub hear about them.
  for (const [kind, message] of problems) report(kind, message)
}
