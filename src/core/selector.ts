// The syntax of a CSS selector list, checked without a DOM (the validator runs in Node too): a
// selector a browser refuses (`querySelector` throws) would leave its step, tooltip or tour step
// waiting for good, so a journey that has one is refused with its path. A pseudo-class must be one
// browsers know (a typo such as `:hoverr` throws in the page, far from the journey's path), or a
// vendor's (`:-webkit-…`, `:-moz-…`, let through); the jQuery and Playwright extensions get their own
// message (a common slip when a selector is copied from a test). A pseudo-element (`::before`,
// `::shadow`) never matches an element, so it is refused too. As in browsers, what is still open
// where the selector ends (`[data-x`, `:not(.a`, a string) is closed there, and `:is()` and
// `:where()` take anything (their lists forgive).

import { splitPath } from './split-path'

/** Pseudo-classes of jQuery and Playwright that are not CSS. */
const NOT_CSS = /^(contains|eq|gt|lt|first|last|even|odd|visible|hidden|parent|header|selected|has-text|text|text-is|text-matches)$/i
/** Pseudo-classes whose argument is a selector list (`:has` a relative one). */
const TAKES_LIST = /^(not|matches|has|-webkit-any|host|host-context)$/i
/** The pseudo-classes at least one browser knows (MDN, 2026), and any vendor's. */
const KNOWN = /^(-webkit-|-moz-|(active(-view-transition(-type)?)?|any-link|autofill|buffering|checked|current|default|defined|dir|(en|dis)abled|empty|(first|last|only)-(child|of-type)|nth(-last)?-(child|of-type)|focus(-visible|-within)?|fullscreen|future|past|has(-slotted)?|host(-context)?|hover|(in|out-of)-range|indeterminate|(user-)?(in)?valid|is|where|not|matches|lang|(any-)?link|visited|modal|muted|open|optional|required|paused|playing|seeking|stalled|picture-in-picture|placeholder-shown|popover-open|read-(only|write)|root|scope|state|target(-current)?|volume-locked|xr-overlay)$)/i
/** Pseudo-elements CSS 2 wrote with one colon. */
const LEGACY = /^(before|after|first-line|first-letter)$/i
const IDENT = /^(?:--|-?(?:[_a-zA-Z\u0080-\uFFFF]|\\[\da-fA-F]{1,6}\s?|\\[^\n\da-fA-F]))(?:[\w\u0080-\uFFFF-]|\\[\da-fA-F]{1,6}\s?|\\[^\n\da-fA-F])*/
const STRING = /^(?:"(?:[^"\\\n]|\\[^])*("|$)|'(?:[^'\\\n]|\\[^])*('|$))/

/**
 * Why `selector` is not a CSS selector list, or '' when it is one. Milepost's `host >>> inner`
 * (into open shadow roots) is a list on each side of each `>>>`, as the page's triggers read it.
 */
export const selectorProblem = (selector: string): string => {
  const parts = splitPath(selector)
  let from = 0
  for (const [k, part] of parts.entries()) {
    // Beside `>>>` (`a >>> >>> b`, `>>> b`, `a >>>`): the one after the part, else the one before.
    const next = k < parts.length - 1 ? from + part.length + 1 : 0
    if (parts.length > 1 && !part.trim()) return `no selector beside ">>>" at character ${next || from - 2}`
    const why = problem(part, from, next)
    if (why) return why
    from += part.length + 3
  }
  return ''
}

/** Why `s` (at character `from` of the whole selector, `>>>` at character `next` after it) is not a selector list, or ''. */
const problem = (s: string, from: number, next: number): string => {
  let i = 0
  let why = ''
  const fail = (what: string): false => ((why ||= what), false)
  const at = () => (i < s.length ? `unexpected ${JSON.stringify(s[i])} at character ${from + i + 1}` : next ? `it ends too early, before ">>>" at character ${next}` : 'it ends too early')
  /** A `>>>` the split left here is inside a pseudo-class's parentheses (strings and brackets skipped). */
  const deep = () => s.startsWith('>>>', i) && !fail(`">>>" at character ${from + i + 1} is inside a pseudo-class`)
  // Comments count as white space, as in browsers (`div /* a note */ span`).
  const space = () => {
    const from = i
    while (match(/^(\s|\/\*[^]*?(\*\/|$))+/));
    return i > from
  }
  const match = (re: RegExp) => {
    const m = re.exec(s.slice(i))
    if (m) i += m[0].length
    return !!m
  }
  /** Consumes `c`, which the end of the selector also closes. */
  const close = (c: string) => i == s.length || (s[i] == c ? !!++i : fail(`"${c}" expected: ${at()}`))
  /** Skips a pseudo-class's argument up to its `)` (brackets and strings nested), which it consumes, or the end. */
  const skip = (): boolean => {
    for (let depth = 1; i < s.length; ) {
      if (deep()) return false
      if (match(STRING)) continue
      const c = s[i++]
      if (c == '\\') i++
      else if (c == '(' || c == '[') depth++
      else if ((c == ')' || c == ']') && !--depth) return c == ')' || fail(`unexpected "]" at character ${from + i}`)
    }
    return true
  }
  const compound = (): boolean => {
    // Any namespace or none first (`*|*`, `|p`; a named one, `svg|rect`, needs an @namespace a page's
    // querySelector never has), then the element's name.
    let any = match(/^\*?\|(?=[*\w\\-])/) ? match(/^\*/) || match(IDENT) || fail(at()) : match(/^\*/) || match(IDENT)
    for (;;) {
      const c = s[i]
      if (c == '#' || c == '.') {
        i++
        if (!match(IDENT)) return fail(`"${c}" needs a name: ${at()}`)
      } else if (c == '[') {
        i++
        space()
        if (!match(IDENT)) return fail(`an attribute needs a name: ${at()}`)
        space()
        if (match(/^[~|^$*]?=/)) {
          space()
          if (!match(IDENT) && !match(STRING)) return fail(`an attribute's value is a name or a quoted string: ${at()}`)
          space()
          if (match(/^i(?![\w-])/i)) space()
        }
        if (!close(']')) return false
      } else if (c == ':') {
        const two = s[i + 1] == ':'
        i += two ? 2 : 1
        const from = i
        if (!match(IDENT)) return fail(`":" needs a name: ${at()}`)
        const name = s.slice(from, i)
        if (NOT_CSS.test(name)) return fail(`":${name}" is not CSS (jQuery's or Playwright's): no browser knows it`)
        if (two || LEGACY.test(name)) {
          return fail(`"${two ? '::' : ':'}${name}" is a pseudo-element, which never matches an element`)
        }
        if (!KNOWN.test(name)) return fail(`":${name}" is not a pseudo-class browsers know`)
        if (s[i] == '(') {
          i++
          space()
          if (TAKES_LIST.test(name)) {
            if (!list(/^has$/i.test(name))) return false
            if (!close(')')) return false
          } else if (s[i] == ')' && !/^(is|where)$/i.test(name)) return fail(`":${name}()" needs an argument`)
          else if (!skip()) return false
        }
      } else return any || fail(at())
      any = true
    }
  }
  const complex = (relative: boolean): boolean => {
    space()
    if (deep()) return false
    if (relative && match(/^[>+~]/)) space()
    for (;;) {
      if (!compound()) return false
      const spaced = space()
      if (deep()) return false
      if (match(/^[>+~]/)) space()
      else if (!spaced || i >= s.length || s[i] == ',' || s[i] == ')') return true
    }
  }
  const list = (relative = false): boolean => {
    while (complex(relative)) {
      if (s[i] != ',') return true
      i++
    }
    return false
  }
  return list() && (i == s.length || fail(at())) ? '' : why
}
