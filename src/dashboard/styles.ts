// The dashboard's stylesheet, served as `/dashboard/app.css` (a file, so `style-src 'self'` allows
// it). Chart colours are classes on SVG shapes; colour is never the only cue (the words are there).

const light =
  '--bg:#f6f8fa;--panel:#fff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--accent:#0b57d0;--accent-soft:#b7cdf3;' +
  '--track:#eef1f4;--amber:#7a4a00;--amber-bg:#fff1c2;--red:#a40e26;--red-bg:#ffebe9;--green:#116329;--control:#8a6500'
const dark =
  '--bg:#0d1117;--panel:#161b22;--fg:#e6edf3;--muted:#9ea7b3;--line:#3d444d;--accent:#58a6ff;--accent-soft:#1f3f66;' +
  '--track:#21262d;--amber:#f2cc60;--amber-bg:#3b2e0c;--red:#ffa198;--red-bg:#49191b;--green:#7ee2a0;--control:#e3b341'

export const css =
  `:root{${light};color-scheme:light}` +
  `@media(prefers-color-scheme:dark){:root{${dark};color-scheme:dark}}` +
  '*{box-sizing:border-box}' +
  'body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}' +
  '.page{max-width:1280px;margin:0 auto;padding:16px 24px 48px}' +
  '.top{display:flex;flex-wrap:wrap;align-items:baseline;gap:8px 24px}' +
  'h1{font-size:1.5rem;margin:8px 0}h1 span{font-weight:400}' +
  'h2{font-size:1.15rem;margin:0}' +
  '.muted,.about{color:var(--muted)}.about{margin:4px 0 12px;max-width:80ch}' +
  '.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}' +
  'a{color:var(--accent)}' +
  ':focus-visible{outline:2px solid var(--accent);outline-offset:2px}' +
  'select,input,button{font:inherit;color:inherit}' +
  'select,input{background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:2px 6px}' +
  'input[type=number]{width:9em}' +
  'button{background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:2px 10px;cursor:pointer;min-height:28px}' +
  'button:disabled{cursor:default;color:var(--muted)}' +
  '.segments{display:flex;flex-wrap:wrap;gap:12px;margin:8px 0 16px}' +
  'fieldset{border:1px solid var(--line);border-radius:8px;padding:4px 12px 8px;margin:0;background:var(--panel)}' +
  'legend{padding:0 4px;font-weight:600}' +
  '.check{margin-right:14px;white-space:nowrap}.check input{margin-right:4px}' +
  '.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(220px,1fr));gap:12px;margin:0 0 16px}' +
  '.card{background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:12px 16px}' +
  '.card dt{color:var(--muted)}.card dd{margin:0}.card strong{display:block;font-size:1.75rem;line-height:1.2}' +
  '.card.risk strong{color:var(--red)}' +
  '.figure{background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:16px;margin:0 0 16px}' +
  '.figure>header{display:flex;justify-content:space-between;align-items:baseline;gap:12px}' +
  '.inline{display:inline-block;margin:0 0 8px}' +
  '.multiples{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(440px,100%),1fr));gap:16px}' +
  'figure{margin:0}figcaption{margin:0 0 4px}' +
  '.chart{width:100%;max-width:760px;height:auto;display:block;margin:0 0 8px}' +
  '.chart text{fill:var(--fg);font-size:12px}.chart .label{font-size:12.5px}.chart .value,.chart .tick{fill:var(--muted)}' +
  '.chart .track{fill:var(--track)}.chart .back{fill:var(--accent-soft)}.chart .bar{fill:var(--accent)}' +
  '.chart .control .bar{fill:var(--control)}' +
  '.chart .axis{stroke:var(--line)}' +
  '.chart .due line{stroke:var(--red);stroke-width:2;stroke-dasharray:4 3}.chart .due text{fill:var(--red);font-weight:600}' +
  '.chart .mark line{stroke:var(--fg);stroke-width:1}.chart .mark text{font-size:11px}' +
  '.scroll{overflow-x:auto}' +
  'table{border-collapse:collapse;width:100%;font-size:14px;margin:4px 0 8px}' +
  'caption{text-align:left;color:var(--muted);padding:4px 0}' +
  'th,td{text-align:left;padding:4px 8px;border-bottom:1px solid var(--line);vertical-align:top}' +
  'th{font-weight:600;white-space:nowrap}.num{text-align:right;font-variant-numeric:tabular-nums}' +
  '.sort{border:0;background:none;padding:0;font-weight:600;min-height:24px}' +
  '.filters{display:flex;flex-wrap:wrap;gap:8px 16px;margin:0 0 8px}' +
  '.chip{display:inline-block;border-radius:999px;padding:0 8px;font-size:13px;font-weight:600;white-space:nowrap}' +
  '.chip.red{color:var(--red);background:var(--red-bg)}.chip.amber{color:var(--amber);background:var(--amber-bg)}' +
  '.pager{display:flex;gap:8px}' +
  '.accounts{list-style:none;padding:0;margin:0 0 8px;display:grid;grid-template-columns:minmax(0,1fr);gap:12px}' +
  '.account{border:1px solid var(--line);border-left:6px solid var(--line);border-radius:8px;padding:10px 14px}' +
  '.account.red{border-left-color:var(--red)}.account.amber{border-left-color:var(--amber)}' +
  '.account>header{display:flex;justify-content:space-between;align-items:baseline;gap:8px}' +
  '.account h3{font-size:1.05rem;margin:0}.account .rank{color:var(--muted);font-weight:400}' +
  '.account h4{font-size:.95rem;margin:6px 0 2px}.account p{margin:4px 0}.account ul{margin:0;padding-left:20px}' +
  '.facts{display:flex;flex-wrap:wrap;gap:4px 24px;margin:6px 0}.facts dt{color:var(--muted);font-size:13px}.facts dd{margin:0;font-weight:600}' +
  '.account summary{cursor:pointer;margin:6px 0 0;color:var(--accent)}.account td:first-child{white-space:nowrap}' +
  '.error{color:var(--red)}' +
  '.loading{padding:24px;color:var(--muted)}'
