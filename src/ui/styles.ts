// The widget's only stylesheet. String literals joined with `+` so terser folds them into one
// minified string at build time; one rule per line to stay readable here.

const dark =
  '--mp-bg:#1b1f26;--mp-fg:#e6edf3;--mp-muted:#a3adb8;--mp-border:#3d444d;--mp-surface:#232831;' +
  '--mp-accent:#58a6ff;--mp-on-accent:#0d1117;--mp-green:#7ee2a0;--mp-green-bg:#143622;' +
  '--mp-amber:#f2cc60;--mp-amber-bg:#3b2e0c;--mp-red:#ffa198;--mp-red-bg:#49191b;--mp-tip-bg:#0d1117;--mp-tip-fg:#f0f6fc;' +
  '--mp-tip-edge:#6e7681;color-scheme:dark'

/** Where each piece of the celebration burst lands: x px, y px, turn in degrees; coloured in turn. The first six land beside the badge. */
const confetti = ('-150,-4,-200 150,0,220 -96,-22,120 100,-26,-130 -40,-30,40 44,-32,-50 -122,44,160 126,50,-150 ' +
  '-166,26,260 168,32,-240 -106,64,90 110,70,-80 -136,86,300 140,90,-280')
  .split(' ').map((f, i) => {
    const [x, y, r] = f.split(',')
    return `.cf i:nth-child(${i + 1}){--x:${x}px;--y:${y}px;--r:${r}deg;background:var(--mp-${['accent', 'green', 'amber', 'red'][i % 4]})}`
  }).join('')

/** Theme variables (public: see docs/ui.md), layout, and the celebration burst. */
export const css =
  ':host{all:initial;--mp-bg:#fff;--mp-fg:#1f2328;--mp-muted:#59636e;--mp-border:#d1d9e0;--mp-surface:#f6f8fa;' +
  '--mp-accent:#0b57d0;--mp-on-accent:#fff;--mp-green:#116329;--mp-green-bg:#dafbe1;--mp-amber:#7a4a00;' +
  '--mp-amber-bg:#fff1c2;--mp-red:#a40e26;--mp-red-bg:#ffebe9;--mp-radius:12px;' +
  '--mp-tip-bg:#1f2328;--mp-tip-fg:#fff;--mp-tip-edge:#fff6;' +
  '--mp-font:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;--mp-offset-x:16px;--mp-offset-y:16px;color-scheme:light}' +
  ':host([data-theme=dark]){' + dark + '}' +
  '@media(prefers-color-scheme:dark){:host(:not([data-theme=light])){' + dark + '}}' +
  '*{box-sizing:border-box;margin:0}' +
  // Long words (German compounds) break at a hyphen where the language (`lang`) is known.
  '.r{font:14px/1.45 var(--mp-font);color:var(--mp-fg);text-align:start;overflow-wrap:anywhere;hyphens:auto;text-transform:none;letter-spacing:normal}' +
  'h2,h3,h4{font-size:inherit;font-weight:600}' +
  // Config text may be in another script than the UI's direction: each paragraph orders its own
  // run (plaintext: its first letter's direction), aligned to the UI's side (a physical value, since
  // plaintext resolves "start" per run). An English journey in an RTL page reads right; an Arabic
  // text that opens with a Latin word starts with U+200F in the file (ui.md; bb-r25: `isolate`
  // instead put every English sentence's full stop first).
  'p,h2,h3,h4,span,a,button,label,legend{unicode-bidi:plaintext}[dir=rtl]{text-align:right}' +
  'ul{list-style:none;padding:0}' +
  'button,input,textarea{font:inherit;color:inherit}' +
  'button{background:none;border:0;padding:0;cursor:pointer;min-height:24px}' +
  ':focus-visible{outline:2px solid var(--mp-accent);outline-offset:2px}' +
  '.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}' +
  // The corner's offsets (--mp-offset-x/-y) clear a host's bottom bar or chat bubble; the stack keeps
  // 16 px from the opposite edges. On a `viewport-fit=cover` page the screen's safe area (an iPhone's
  // home indicator, its notch in landscape) is added to them.
  '.st{position:fixed;bottom:calc(var(--mp-offset-y) + env(safe-area-inset-bottom));right:calc(var(--mp-offset-x) + env(safe-area-inset-right));' +
  'z-index:var(--mp-z,2147483000);display:flex;flex-direction:column-reverse;align-items:flex-end;gap:8px;max-height:calc(100vh - 16px - var(--mp-offset-y));' +
  'max-height:calc(100dvh - 16px - var(--mp-offset-y) - env(safe-area-inset-bottom) - env(safe-area-inset-top))}' +
  '.bl{right:auto;left:calc(var(--mp-offset-x) + env(safe-area-inset-left));align-items:flex-start}' +
  // The corner is physical: align the stack in ltr, then give its children the page direction back.
  '.st{direction:ltr}[dir=rtl] .st>*{direction:rtl}' +
  // The stack's own box (as wide as its widest card, the gaps included) takes no clicks: the page
  // beside the launcher, under the open panel's width, and under a launcher stepped aside, stays
  // clickable (bb-r28: the strip beside the launcher swallowed the page's clicks).
  '.st{pointer-events:none}.st>*{pointer-events:auto}' +
  '.lv{font-size:11px;font-weight:400;opacity:.9}' +
  '.lc{display:flex;align-items:center;gap:8px;padding:6px 16px 6px 6px;border-radius:99px;background:var(--mp-accent);' +
  'color:var(--mp-on-accent);font-weight:600;box-shadow:0 4px 14px #0004;flex:none}' +
  // The done launcher and done steps show a check mark.
  '.ok{padding:0;width:44px;height:44px;justify-content:center;font-size:20px}' +
  '.ck.on:after{content:"\\2713";display:block;font:700 11px/14px var(--mp-font);text-align:center;color:var(--mp-bg)}' +
  '.rg{width:32px;height:32px;transform:rotate(-90deg);fill:none;stroke:currentColor;stroke-width:4}' +
  '.rg circle{opacity:.35}.rg circle+circle{opacity:1;stroke-linecap:round}' +
  '.pn,.nc,.ch{background:var(--mp-bg);border:1px solid var(--mp-border);border-radius:var(--mp-radius);' +
  'box-shadow:0 8px 28px #0003;padding:16px;width:360px;max-width:calc(100vw - 16px - var(--mp-offset-x) - env(safe-area-inset-left) - env(safe-area-inset-right));flex:none}' +
  // A stack taller than the screen (zoomed in: 400% is a 320×200 px viewport) shrinks its panel and
  // cards, each scrolling inside itself: none runs off the top, where nothing could scroll to it.
  // Only the panel keeps a swipe to itself at its ends: a card (with nothing of its own to scroll,
  // or at its end) hands it on to the page, whose scroll it must never take (bb-r26: a card over
  // most of a zoomed screen left the page nearly unscrollable).
  // With the panel open, a celebration keeps its full height (its Continue and rating in view) and the
  // panel gives it the room, scrolling inside itself (bb-r28: both shrank, Continue scrolled inside
  // the card); the celebration shrinks only once the panel can give no more (zoomed to 400%).
  '.pn,.nc,.ch{flex:0 1 auto;min-height:0;overflow:auto}.pn{overscroll-behavior:contain;flex-shrink:1e6}' +
  '.pn:focus{outline:0}' +
  '.hd{display:flex;align-items:flex-start;gap:8px}' +
  // The panel's title and × stay in view while its list scrolls (the panel's 16px padding is the offset).
  '.pn>.hd{position:sticky;top:-16px;z-index:1;margin:-16px -16px 0;padding:16px 16px 8px;background:var(--mp-bg)}' +
  '.hd h2{flex:1;font-size:16px;font-weight:700}' +
  '.x{width:28px;height:28px;border-radius:6px;font-size:20px;line-height:1;color:var(--mp-muted);flex:none}' +
  '.x:hover,.rt button:hover{background:var(--mp-surface)}' +
  '.br{height:6px;border-radius:3px;background:var(--mp-border);overflow:hidden;margin:8px 0 4px}' +
  '.br svg{display:block;width:100%;height:100%;fill:var(--c,var(--mp-accent))}' +
  '[dir=rtl] .br svg{transform:scaleX(-1)}' +
  '.pj{font-size:13px;color:var(--mp-muted)}.pj.red{color:var(--mp-red)}.pj.amber{color:var(--mp-amber)}' +
  '.gp>h3{margin:16px 0 0;font-size:12px;font-weight:700;text-transform:uppercase;letter-spacing:.05em;color:var(--mp-muted)}' +
  '.m{padding:10px 0;border-bottom:1px solid var(--mp-border)}.m:last-child{border:0}' +
  '.wt{--c:var(--mp-muted);--cb:var(--mp-surface)}.green{--c:var(--mp-green);--cb:var(--mp-green-bg)}.amber{--c:var(--mp-amber);--cb:var(--mp-amber-bg)}' +
  '.red{--c:var(--mp-red);--cb:var(--mp-red-bg)}' +
  '.mh{display:flex;align-items:center;gap:8px;width:100%;text-align:start;font-weight:600}' +
  '.cv{width:7px;height:7px;border:solid;border-width:0 2px 2px 0;transform:rotate(-45deg);flex:none}' +
  '[dir=rtl] .cv{transform:rotate(135deg)}[aria-expanded=true]>.cv{transform:rotate(45deg)}' +
  '.mi{display:flex;flex-wrap:wrap;gap:2px 10px;align-items:center;font-size:12px;color:var(--mp-muted)}' +
  '.bd{background:var(--cb);color:var(--c);border-radius:99px;padding:1px 8px;font-weight:600}' +
  '.s{padding-top:10px}' +
  '.sl{display:flex;gap:8px;align-items:flex-start}' +
  'input[type=checkbox]{width:18px;height:18px;margin:1px 0 0;accent-color:var(--mp-accent);flex:none;cursor:pointer}' +
  '.ck{width:18px;height:18px;margin-top:1px;border-radius:50%;border:2px solid var(--mp-muted);flex:none}' +
  '.ck.on{background:var(--mp-green);border-color:var(--mp-green)}' +
  '.dn .sn{text-decoration:line-through;color:var(--mp-muted)}' +
  '.tg,.s .de,.s .ac,.s .rs,.dg{margin-inline-start:26px}' +
  '.tg{display:block;font-size:12px;color:var(--mp-muted)}' +
  '.de{font-size:13px;color:var(--mp-muted);margin-top:2px}' +
  '.ac{display:flex;flex-wrap:wrap;gap:6px 14px;align-items:center;margin-top:8px}' +
  '.bt{display:inline-block;padding:3px 12px;border-radius:6px;background:var(--mp-accent);color:var(--mp-on-accent);' +
  'font-weight:600;text-decoration:none}' +
  '.ln,.rs a{color:var(--mp-accent);text-decoration:underline}' +
  '.rs{font-size:13px;margin-top:4px}.rs a{display:inline-block;min-height:24px;padding-top:2px}.rs b{font-weight:600}' +
  '.dg{display:grid;gap:8px;margin-top:8px;font-size:13px}.dg label{display:grid;gap:2px}.s .dg .ac{margin:0}' +
  'input,textarea{width:100%;padding:5px 8px;border:1px solid var(--mp-muted);border-radius:6px;background:var(--mp-bg)}' +
  '.nc{border-inline-start:4px solid var(--mp-accent)}.nc>:first-child{font-size:15px;padding-inline-end:8px}' +
  '.pn .nc{width:auto;max-width:none;margin-top:12px;box-shadow:none}' +
  '.gl{margin-top:6px;font-weight:600}' +
  // Below a 320 px viewport (a phone zoomed to 200%) the celebration's sides narrow, for its ratings.
  '.ch{position:relative;isolation:isolate;text-align:center;padding-inline:min(16px,5vw)}.ch h2{font-size:16px}' +
  '.ch .x,.tp .x{position:absolute;top:6px;inset-inline-end:6px}' +
  '.rt{border:0;padding:0;margin-top:10px;display:flex;flex-wrap:wrap;justify-content:center;gap:6px;min-width:0}' +
  '.rt legend{width:100%;padding:0;margin-bottom:6px;font-size:13px}' +
  // The 1–5 row and its ends share one box: 204 px (244 px on touch), narrower on a narrow card, the
  // round buttons shrinking (never under 24 px) so the row fits, "Hard" under 1 and "Easy" under 5.
  '.rb,.re{display:flex;justify-content:space-between;width:100%;max-width:204px}.rb{gap:2px;align-items:center}' +
  '.re{margin:2px auto 0;font-size:12px;color:var(--mp-muted)}' +
  '.rt button{flex:0 1 36px;min-width:24px;aspect-ratio:1;border:1px solid var(--mp-muted);border-radius:50%;font-weight:600}' +
  '.md{display:inline-grid;place-items:center;width:44px;height:44px;margin-bottom:6px;border-radius:50%;' +
  'background:var(--mp-green-bg);color:var(--mp-green);font:700 24px/1 var(--mp-font)}' +
  '.all .md{background:var(--mp-accent);color:var(--mp-on-accent)}' +
  '.nx{margin-top:8px;font-weight:600}.go{margin-top:8px}' +
  // The burst: pieces fly out from behind the badge and fade (1.6 s, 2.4 s for the whole journey);
  // under reduced motion the six that land around the badge stay there, still (clear of the text).
  '.cf{position:absolute;inset:0;z-index:-1;overflow:hidden;border-radius:inherit;pointer-events:none}' +
  '.cf i{position:absolute;left:50%;top:34px;width:8px;height:13px;margin-left:-4px;border-radius:2px;opacity:0;' +
  'animation:mp-fly 1.6s cubic-bezier(.15,.75,.35,1) forwards}.all .cf i{animation-duration:2.4s}' +
  '@keyframes mp-fly{0%{opacity:1;transform:none}70%{opacity:1}to{opacity:0;transform:translate(var(--x),var(--y)) rotate(var(--r))}}' +
  '@media(prefers-reduced-motion:reduce){.cf i{animation:none;opacity:.9;transform:translate(var(--x),var(--y)) rotate(var(--r))}' +
  '.cf i:nth-child(n+7){display:none}}' +
  confetti +
  // Tooltips and tour steps keep their own z-index (--mp-tip-z): with the corner under the page's
  // modals (--mp-z), one pointing into a modal stays above it (one whose target a modal covers hides).
  '.tp{position:fixed;top:0;left:0;visibility:hidden;z-index:var(--mp-tip-z,2147483000);width:max-content;' +
  'max-width:min(280px,calc(100vw - 16px));padding:8px 12px;padding-inline-end:40px;border-radius:8px;' +
  'background:var(--mp-tip-bg);color:var(--mp-tip-fg);box-shadow:0 0 0 1px var(--mp-tip-edge),0 4px 14px #0006}' +
  '.tp .x{color:inherit;top:4px}' +
  '.ar{position:absolute;width:10px;height:10px;background:inherit;transform:rotate(45deg)}' +
  // Fingers need 44 px (WCAG 2.5.5, Apple HIG) on touch screens: every control grows, not the text.
  '@media(pointer:coarse){button,.bt,.rs a,input,.sl{min-height:44px}.x{width:44px;height:44px}.rt button{flex-basis:44px;min-height:24px}' +
  '.ln,.bt{min-width:44px;display:inline-flex;align-items:center;justify-content:center}.sl{align-items:center}' +
  '.rs a{min-width:44px;padding-block:12px}' +
  '.sl>*{margin-top:0}.rb,.re{max-width:244px}.tp{min-height:52px;padding-inline-end:52px}.ch .x,.tp .x{top:4px;inset-inline-end:4px}}' +
  // A tour step: the panel's colours, centred without a target; the spotlight dims around its target.
  '.tr{width:320px;max-width:calc(100vw - 16px);padding:16px;padding-inline-end:40px;background:var(--mp-bg);color:var(--mp-fg);' +
  'box-shadow:0 0 0 1px var(--mp-border),0 8px 28px #0005;border-radius:var(--mp-radius)}.tr .x{color:var(--mp-muted)}' +
  '.tr:focus{outline:0}.tr h2{font-size:15px;margin-bottom:4px}' +
  '.tc{top:50%;left:50%;transform:translate(-50%,-50%);visibility:visible}' +
  '.tf{display:flex;align-items:center;gap:8px 14px;margin-top:12px}.tn{flex:1;font-size:13px;color:var(--mp-muted)}' +
  '.sp{position:fixed;visibility:hidden;z-index:calc(var(--mp-tip-z,2147483000) - 1);border-radius:8px;pointer-events:none;' +
  'box-shadow:0 0 0 100vmax #0008;transition:all .2s}' +
  // A hotspot's beacon: a pulsing dot on its target; still under reduced motion.
  '.hs{width:24px;height:24px;min-height:0;padding:0;border-radius:50%;background:var(--mp-accent);border:3px solid var(--mp-bg);' +
  'box-shadow:0 0 0 0 var(--mp-accent);animation:mp-pulse 1.6s ease-out infinite}' +
  '@keyframes mp-pulse{70%,to{box-shadow:0 0 0 12px #0000}}' +
  '@media(prefers-reduced-motion:reduce){.hs{animation:none;box-shadow:0 0 0 3px var(--mp-accent)}}' +
  '.sa{inset:0;visibility:visible;box-shadow:none;background:#0008;border-radius:0}' +
  '@media(prefers-reduced-motion:reduce){.sp{transition:none}}' +
  // Forced colours (Windows High Contrast) drop shadows and backgrounds: edges, the spotlight's
  // ring, the launcher's and buttons' outlines and the bars' tracks are drawn with borders there.
  '@media(forced-colors:active){.tp,.tr,.tr:focus{outline:1px solid}.sp{box-shadow:none;outline:3px solid Highlight}.lc,.bt,.hs,.br{border:1px solid}}' +
  '[data-side=bottom] .ar{top:-5px}[data-side=top] .ar{bottom:-5px}[data-side=left] .ar{right:-5px}[data-side=right] .ar{left:-5px}'
