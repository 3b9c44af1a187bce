// Acme Analytics: a made-up SaaS app that hosts Milepost. SPA routing with history.pushState,
// three dialogs, each demo user's data in localStorage. Plain DOM: text goes in with textContent,
// never innerHTML, and nothing here needs an inline script or style (the server sends a strict CSP).

// The loader stub from docs/runtime.md. Under this CSP it cannot be inline, so it sits here and
// app.js loads before the SDK: calls made now are queued and replayed in order when it runs.
window.Milepost = window.Milepost || (function (stub) {
  'init identify track complete skip getState subscribe on open close flush reset destroy startTour preview'.split(' ').forEach(function (name) {
    stub[name] = function () {
      var args = arguments
      return new Promise(function (resolve, reject) { stub._q.push([name, args, resolve, reject]) })
    }
  })
  return stub
})({ _q: [] })

;(() => {
  'use strict'
  // `Milepost` is looked up at each call (never kept in a variable): the stub is replaced by the SDK.
  const $ = (selector, root = document) => root.querySelector(selector)

  /** `h('li', { class: 'row' }, 'text', child)`: strings become text nodes. */
  const h = (tag, props = {}, ...children) => {
    const el = document.createElement(tag)
    for (const [name, value] of Object.entries(props)) {
      if (name === 'class') el.className = value
      else if (value !== false && value != null) el.setAttribute(name, value === true ? '' : String(value))
    }
    el.append(...children.filter((c) => c != null && c !== false))
    return el
  }

  // --- The signed-in user: the server wrote it into the SDK's script tag -----------------------
  const sdk = $('script[data-user-id]')
  const userId = sdk?.dataset.userId || 'anonymous'
  const traits = (() => {
    try { return JSON.parse(sdk?.dataset.traits || '{}') } catch { return {} }
  })()

  // --- This user's workspace, kept in localStorage (memory only if storage is unavailable) ----
  const KEY = `acme-demo:${userId}`
  const blank = () => ({ workspace: 'Northwind', sources: [], reports: [], members: [], schedule: null, logo: null, activity: [] })
  const load = () => {
    try {
      const saved = JSON.parse(localStorage.getItem(KEY) || 'null')
      return saved && typeof saved === 'object' ? { ...blank(), ...saved } : blank()
    } catch {
      return blank()
    }
  }
  let data = load()
  const save = () => {
    try { localStorage.setItem(KEY, JSON.stringify(data)) } catch { /* full or blocked: keep going in memory */ }
  }
  try { // the workspaces of earlier demo users (before /reset) are not needed any more
    for (let i = localStorage.length - 1; i >= 0; i--) {
      const key = localStorage.key(i)
      if (key?.startsWith('acme-demo:') && key !== KEY) localStorage.removeItem(key)
    }
  } catch { /* storage blocked */ }

  const id = () => Math.random().toString(36).slice(2, 10)
  const log = (text) => { data.activity = [{ text, at: Date.now() }, ...data.activity].slice(0, 6) }
  const toast = $('#toast')
  let toastTimer
  const announce = (text) => {
    toast.textContent = text
    clearTimeout(toastTimer)
    toastTimer = setTimeout(() => { toast.textContent = '' }, 4000)
  }
  const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' })
  const ago = (at) => {
    const minutes = Math.round((at - Date.now()) / 60000)
    if (minutes > -1) return 'just now'
    if (minutes > -60) return relative.format(minutes, 'minute')
    if (minutes > -1440) return relative.format(Math.round(minutes / 60), 'hour')
    return relative.format(Math.round(minutes / 1440), 'day')
  }

  // --- Rendering: each page from `data`, all at once (the lists are short) ---------------------
  const KINDS = { postgres: 'PostgreSQL', mysql: 'MySQL', bigquery: 'BigQuery', csv: 'CSV file' }
  const ROLES = { owner: 'Owner', viewer: 'Viewer', editor: 'Editor', admin: 'Admin' }
  const list = (listId, emptyId, items) => {
    $(listId).replaceChildren(...items)
    if (emptyId) $(emptyId).hidden = items.length > 0
  }
  const row = (title, detail, ...extra) =>
    h('li', { class: 'row' }, h('div', { class: 'row-main' }, h('strong', {}, title), h('span', { class: 'muted' }, detail)), ...extra)

  const render = () => {
    $('#workspace-name').textContent = data.workspace
    $('#stat-sources').textContent = String(data.sources.length)
    $('#stat-reports').textContent = String(data.reports.length)
    $('#stat-members').textContent = String(data.members.length + 1)
    list('#activity', '#activity-empty', data.activity.map((a) => h('li', {}, a.text, h('span', { class: 'muted' }, ` · ${ago(a.at)}`))))
    list('#source-list', '#source-empty', data.sources.map((s) => row(s.name, `${KINDS[s.kind] ?? s.kind} · added ${ago(s.addedAt)}`,
      s.syncedAt
        ? h('span', { class: 'sync-status sync-status--done' }, `Synced · ${s.rows.toLocaleString('en')} rows`)
        : h('span', { class: 'sync-status' }, 'First sync running…'))))
    list('#report-list', '#report-empty', data.reports.map((r) => row(r.name, `From ${r.source} · created ${ago(r.createdAt)}`)))
    list('#member-list', null, [
      row('Demo user (you)', `${userId} · ${ROLES.owner}`, h('span', { class: 'pill pill--ok' }, 'Active')),
      ...data.members.map((m) => row(m.email, `${ROLES[m.role] ?? m.role} · invited ${ago(m.invitedAt)}`, h('span', { class: 'pill' }, 'Invited'))),
    ])
    $('#schedule-status').textContent = data.schedule
      ? `Your reports are emailed ${data.schedule.frequency === 'weekly' ? 'every Monday at 9:00' : 'on the 1st of each month at 9:00'}.`
      : 'Reports are not emailed yet.'
    const input = $('#workspace-input')
    if (document.activeElement !== input) input.value = data.workspace
    const logo = $('#logo-preview')
    logo.hidden = !data.logo
    if (data.logo) logo.src = data.logo
    else logo.removeAttribute('src')
    const signedUp = new Date(traits.signedUpAt)
    if (!Number.isNaN(signedUp.getTime())) $('#signed-up').textContent = signedUp.toLocaleDateString('en', { dateStyle: 'medium' })
  }
  const change = (text, announcement) => {
    if (text) log(text)
    save()
    render()
    if (announcement) announce(announcement)
  }
  addEventListener('storage', (event) => {
    if (event.key === KEY) { data = load(); render() } // another tab of this user changed something
  })

  // --- Routing: links move with pushState, Back and Forward with popstate ----------------------
  const pages = [...document.querySelectorAll('[data-route]')]
  const pageFor = (path) => pages.find((p) => p.dataset.route === (path.replace(/\/+$/, '') || '/'))
  const show = (moveFocus) => {
    const page = pageFor(location.pathname) ?? pageFor('/')
    for (const p of pages) p.hidden = p !== page
    for (const a of document.querySelectorAll('.sidebar a')) {
      if (pageFor(new URL(a.href).pathname) === page) a.setAttribute('aria-current', 'page')
      else a.removeAttribute('aria-current')
    }
    document.title = `${page.dataset.title} · Acme Analytics`
    render()
    if (moveFocus) $('h1', page).focus() // so screen readers hear the new page
  }
  document.addEventListener('click', (event) => {
    // composedPath: links inside Milepost's shadow root (its calls to action) route here too.
    const a = event.composedPath().find((node) => node instanceof HTMLAnchorElement && node.href)
    if (!a || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    if (a.target || a.hasAttribute('download')) return
    const url = new URL(a.href)
    if (url.origin !== location.origin || !pageFor(url.pathname)) return
    // A preview link (Home's demo note) loads the page anew: Milepost reads ?milepost-preview as it starts.
    if (url.searchParams.has('milepost-preview')) return
    event.preventDefault()
    if (url.href !== location.href) history.pushState(null, '', url)
    show(true)
  })
  addEventListener('popstate', () => show(true))

  // --- Dialogs: native <dialog> (focus trap, Escape, focus back to the opener) ----------------
  const open = (dialog, prepare) => {
    if (dialog.open) return
    dialog.querySelector('form').reset()
    prepare?.(dialog.querySelector('form'))
    dialog.showModal()
  }
  for (const dialog of document.querySelectorAll('dialog')) {
    dialog.addEventListener('click', (event) => {
      if (event.target === dialog || event.target.closest('[data-close]')) dialog.close() // backdrop or Cancel
    })
  }
  const submit = (formId, handle) => $(formId).addEventListener('submit', (event) => {
    event.preventDefault()
    if (handle(event.currentTarget) !== false) event.currentTarget.closest('dialog')?.close()
  })

  // Data sources: connecting one is the event; the first sync finishes 1.5 s later.
  const finishSync = (sourceId) => setTimeout(() => {
    const source = data.sources.find((s) => s.id === sourceId)
    if (!source || source.syncedAt) return
    source.syncedAt = Date.now()
    change(`First sync of ${source.name} finished`, `${source.name} is synced`)
  }, 1500)
  $('#add-source').addEventListener('click', () => open($('#source-dialog'), (form) => {
    form.elements.name.value = data.sources.length ? `Database ${data.sources.length + 1}` : 'Production database'
  }))
  submit('#source-form', (form) => {
    const kind = form.elements.kind.value
    const source = { id: id(), kind, name: form.elements.name.value.trim() || KINDS[kind], addedAt: Date.now(), syncedAt: null,
      rows: 2000 + Math.floor(Math.random() * 98000) }
    data.sources.push(source)
    change(`Connected ${source.name}`, `${source.name} connected: first sync running`)
    Milepost.track('source.connected', { kind })
    finishSync(source.id)
  })
  for (const source of data.sources) if (!source.syncedAt) finishSync(source.id) // after a reload mid-sync

  // Reports: a click creates one; the schedule applies to all of them.
  const NAMES = ['Revenue by month', 'Weekly active users', 'Churn by plan', 'Top customers', 'Signups by channel']
  $('#new-report').addEventListener('click', () => {
    const n = data.reports.length
    const name = NAMES[n % NAMES.length] + (n >= NAMES.length ? ` ${Math.floor(n / NAMES.length) + 1}` : '')
    const source = data.sources.find((s) => s.syncedAt)?.name ?? 'sample data'
    data.reports.unshift({ id: id(), name, source, createdAt: Date.now() })
    change(`Created the report “${name}”`, `Report “${name}” created`)
    Milepost.track('report.created', { source: source === 'sample data' ? 'sample' : 'connected' })
  })
  $('#schedule').addEventListener('click', () => open($('#schedule-dialog'), (form) => {
    if (data.schedule) form.elements.frequency.value = data.schedule.frequency
  }))
  submit('#schedule-form', (form) => {
    const frequency = form.elements.frequency.value
    data.schedule = { frequency, at: Date.now() }
    change(`Scheduled a ${frequency} report email`, `Reports will be emailed ${frequency}`)
    Milepost.track('report.scheduled', { frequency })
  })

  // Team: the invite dialog opens from the Team page and from Milepost's "Invite" call to action.
  const openInvite = () => open($('#invite-dialog'))
  $('#invite').addEventListener('click', openInvite)
  const email = $('#invite-email')
  email.addEventListener('input', () => email.setCustomValidity(''))
  submit('#invite-form', (form) => {
    const address = email.value.trim().toLowerCase()
    if (data.members.some((m) => m.email === address)) {
      email.setCustomValidity(`${address} is invited already`)
      email.reportValidity()
      return false
    }
    const role = form.elements.role.value
    data.members.push({ email: address, role, invitedAt: Date.now() })
    change(`Invited ${address}`, `Invitation sent to ${address}`)
    Milepost.track('user.invited', { role })
  })
  Milepost.on('action', ({ name }) => name === 'open-invite-dialog' && openInvite())

  // Settings.
  submit('#workspace-form', (form) => {
    data.workspace = form.elements.workspace.value.trim() || data.workspace
    change(null, 'Workspace name saved')
  })
  $('#logo-input').addEventListener('change', (event) => {
    const file = event.currentTarget.files?.[0]
    const error = $('#logo-error')
    error.hidden = true
    if (!file) return
    const problem = !['image/png', 'image/jpeg', 'image/svg+xml'].includes(file.type)
      ? 'Choose a PNG, JPEG or SVG image.' : file.size > 200_000 ? 'That file is larger than 200 KB.' : null
    if (problem) {
      error.textContent = problem
      error.hidden = false
      return
    }
    const reader = new FileReader()
    reader.onload = () => {
      data.logo = String(reader.result)
      change('Added a report logo', 'Logo saved')
      Milepost.complete('add-logo')
    }
    reader.readAsDataURL(file)
  })
  $('#reset-progress').addEventListener('click', () => {
    Milepost.reset()
    announce('Your checklist starts over. Your data sources, reports and team stay.')
  })

  // --- Home: a summary of the checklist from Milepost.subscribe() ------------------------------
  $('#open-checklist').addEventListener('click', () => Milepost.open())
  Milepost.subscribe((state) => {
    if (!state.ready) return
    $('#setup-progress').value = state.percent
    $('#setup-summary').textContent = state.done
      ? 'All done. Your team is set up.'
      : `${state.percent}% done · day ${state.day} of your onboarding` +
        (state.next ? ` · next: ${state.milestones.find((m) => m.id === state.next.milestone)?.steps.find((s) => s.id === state.next.step)?.title ?? state.next.step}` : '')
    list('#setup-milestones', null, state.milestones.map((m) =>
      h('li', { class: `milestone milestone--${m.colour}` },
        h('span', { class: 'milestone-title' }, m.title),
        h('span', { class: 'muted' }, `${m.percent}% · ${m.reason}`))))
  })
  Milepost.on('error', (error) => console.info('[acme] Milepost reported:', error.kind, error.message))

  show(false)
})()
