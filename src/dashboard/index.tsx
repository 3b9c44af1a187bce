// The dashboard page bundle (dist/dashboard.js): mounts the app where the server's HTML says.
// Not part of the SDK: only the reference server serves it.
import { render } from 'preact'
import { createApi } from './api'
import { App } from './app'

const root = document.getElementById('milepost-dashboard')
if (root) {
  root.replaceChildren() // the server's "Loading…" placeholder
  render(<App api={createApi(root.dataset.api ?? '/dashboard/api')} />, root)
}
