// The dashboard's HTML: a shell that loads the page bundle and its stylesheet (no inline script or
// style, so it runs under `script-src 'self'; style-src 'self'`).

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
export const escapeHtml = (v: string): string => v.replace(/[&<>"']/g, (c) => ENTITIES[c]!)

/** The policy the page is served with; the bundle needs nothing more. */
export const PAGE_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

export const dashboardPage = (base: string): string => {
  const b = escapeHtml(base)
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Onboarding figures · Milepost</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${b}/app.css">
<script src="${b}/app.js" defer></script>
</head>
<body>
<div id="milepost-dashboard" data-api="${b}/api"><p class="loading">Loading the figures…</p></div>
<noscript><p>The dashboard needs JavaScript. Every figure is also JSON and CSV under ${b}/api/.</p></noscript>
</body>
</html>
`
}
