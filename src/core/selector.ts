// The syntax of a CSS selector list, checked without a DOM (the validator runs in Node too): a
// selector a browser refuses (`querySelector` throws) would leave its step, tooltip or tour step
// waiting for good, so a journey that has one is refused with its path. Names of pseudo-classes are
// not checked (browsers add new ones; one a browser does not know is reported by the page's
// triggers, kind `selector`), except the jQuery and Playwright extensions that no browser knows, a
// common slip when a selector is copied from a test. As in browsers, what is still open where the
// selector ends (`[data-x`, `:not(.a`, a string) is closed there, and `:is()` and `:where()` take
// anything (their lists forgive).

/** Pseudo-classes of jQuery and Playwright that are not CSS. */
const NOT_CSS = /^(contains|eq|gt|lt|first|last|even|odd|visible|hidden|parent|header|selected|has-text|text|text-is|text-matches)$/i
/** Pseudo-classes whose argument is a selector list (`:has` a relative one). */
const TAKES_LIST = /^(not|matches|has|-webkit-any|host|host-context|slotted)$/i
const IDENT = /^(?:--|-?(?:[_a-zA-Z\u0080-\uFFFF]|\\[\da-fA-F]{1,6}\s?|\\[^\n\da-fA-F]))(?:[\w\u0080-\uFFFF-]|\\[\da-fA-F]{1,6}\s?|\\[^\n\da-fA-F])*/
const STRING = /^(?:"(?:[^"\\\n]|\\[^])*("|$)|'(?:[^'\\\n]|\\[^])*('|$))/

/**
 * Why `selector` is not a CSS selector list, or '' when it is one. Milepost's `host >>> inner`
 * (into open shadow roots) is a list on each side of each `>>>`, as the page's triggers read it.
 */
export const selectorProblem = (selector: string): string => {
  let from = 0
  for (const part of selector.split('>>>')) {
    const why = problem(part, from)
    if (why) return why
    from += part.length + 3
  }
  return ''
}

/** Why `s` (at character `from` of the whole selector) is not a selector list, or ''. */
const problem = (s: string, from: number): string => {
  let i = 0
  let why = ''
  const fail = (what: string): false => ((why ||= what), false)
  const at = () => (i < s.length ? `unexpected ${JSON.stringify(s[i])} at character ${from + i + 1}` : 'it ends too early')
  const space = () => {
    const from = i
    while (/\s/.test(s[i] ?? '')) i++
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
      if (match(STRING)) continue
      const c = s[i++]
      if (c == '\\') i++
      else if (c == '(' || c == '[') depth++
      else if ((c == ')' || c == ']') && !--depth) return c == ')' || fail(`unexpected "]" at character ${from + i}`)
    }
    return true
  }
  const compound = (): boolean => {
    let any = match(/^\*/) || match(IDENT)
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
        i += s[i + 1] == ':' ? 2 : 1
        const from = i
        if (!match(IDENT)) return fail(`":" needs a name: ${at()}`)
        const name = s.slice(from, i)
        if (NOT_CSS.test(name)) return fail(`":${name}" is not CSS (jQuery's or Playwright's): no browser knows it`)
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
    if (relative && match(/^[>+~]/)) space()
    for (;;) {
      if (!compound()) return false
      const spaced = space()
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
