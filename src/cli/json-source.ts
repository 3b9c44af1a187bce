// A strict JSON parser that remembers where every value and key sits, so an issue's JSON path
// can be shown as file:line:column. The value itself comes from JSON.parse, so the CLI checks
// exactly what the browser gets; this parser only finds positions and explains syntax errors.

/** A 1-based line and column (columns count UTF-16 code units, as editors and tsc do). */
export interface Pos {
  line: number
  column: number
}

/** Where a value starts, where its key starts (object members), and its children. */
interface Node {
  at: number
  key?: number
  kids?: Map<string, Node> | Node[]
}

export interface JsonSource {
  value: unknown
  /** Keys given twice in one object (JSON.parse keeps the last): each repeat's path, at its key. */
  repeated: Array<{ path: (string | number)[]; at: Pos }>
  /** The position of the value at `path`, or of its key with `key`; the deepest existing value when the path goes further. */
  locate(path: readonly (string | number)[], key?: boolean): Pos
}

export type ParseResult = { ok: true; source: JsonSource } | { ok: false; error: Pos & { message: string } }

/** A syntax error found at an offset; caught inside parseJson, never thrown out of it. */
interface Stop {
  stop: string
  at: number
}

/** Line and column of any offset of `text`; `\n`, `\r\n` and a lone `\r` all end a line. */
export const positions = (text: string): ((offset: number) => Pos) => {
  const starts = [0]
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c == '\n' || (c == '\r' && text[i + 1] != '\n')) starts.push(i + 1)
  }
  return (offset) => {
    let lo = 0
    let hi = starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (starts[mid]! <= offset) lo = mid
      else hi = mid - 1
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 }
  }
}

const WORDS = ['true', 'false', 'null']

/**
 * Parses `text` as one JSON value (a leading byte-order mark is skipped, as browsers do).
 * Nesting is handled without recursion, so no input can overflow the stack.
 * @example parseJson('{"a": [1, 2]}') // { ok: true, source: { value, locate } }
 */
export const parseJson = (text: string): ParseResult => {
  const pos = positions(text)
  // A sticky expression made per call: its lastIndex is state.
  const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
  let i = text.charCodeAt(0) == 0xfeff ? 1 : 0
  const stop = (message: string, at = i): never => {
    throw { stop: message, at } satisfies Stop
  }
  const found = (): string => {
    if (i >= text.length) return 'the end of the file'
    const word = /[\w$.+-]+/y
    word.lastIndex = i
    return (text[i]!.match(/[\w$]/) && word.exec(text)?.[0]) || JSON.stringify(text[i])
  }
  const ws = () => {
    while (' \t\n\r'.includes(text[i] || '#')) i++
    if (text.startsWith('//', i) || text.startsWith('/*', i)) stop('comments are not allowed in JSON')
  }
  const token = (re: RegExp): string | undefined => {
    re.lastIndex = i
    const m = re.exec(text)?.[0]
    if (m) i += m.length
    return m
  }
  const string = (what: string): string => {
    if (text[i] == "'") stop('strings and property names need double quotes (")')
    if (text[i] != '"') stop(`expected ${what}, found ${found()}`)
    const at = i
    // A loop, not a regular expression: one over a string of millions of characters overflows
    // the expression engine's stack. It stops at the first character that breaks the string.
    for (i = at + 1; i < text.length && text[i] != '"'; i++) {
      if (text.charCodeAt(i) < 0x20) stop(text[i] == '\n' || text[i] == '\r' ? 'unterminated string' : 'control character in a string: escape it')
      if (text[i] == '\\') {
        if (!/^(["\\/bfnrt]|u[0-9a-fA-F]{4})/.test(text.slice(i + 1, i + 6))) stop('invalid escape in a string')
        i++
      }
    }
    if (i >= text.length) stop('unterminated string', at)
    return JSON.parse(text.slice(at, ++i)) as string
  }

  type Frame = { node: Node; close: string; key?: string; keyAt?: number }
  const stack: Frame[] = []
  let root: Node | undefined
  const repeated: JsonSource['repeated'] = []
  const attach = (node: Node) => {
    const top = stack.at(-1)
    if (!top) root = node
    else if (Array.isArray(top.node.kids)) top.node.kids.push(node)
    else {
      // A repeated key: the last one wins, as in JSON.parse; where it was is reported.
      node.key = top.keyAt!
      const kids = top.node.kids as Map<string, Node>
      if (kids.has(top.key!)) {
        repeated.push({ path: stack.map((f) => (Array.isArray(f.node.kids) ? f.node.kids.length - 1 : f.key!)), at: pos(top.keyAt!) })
      }
      kids.set(top.key!, node)
    }
  }
  const member = (top: Frame) => {
    ws()
    top.keyAt = i
    top.key = string('a property name in double quotes')
    ws()
    if (text[i] != ':') stop(`expected ":" after the property name, found ${found()}`)
    i++
  }

  try {
    for (let reading = true; ; ) {
      if (reading) {
        ws()
        const node: Node = { at: i }
        const c = text[i]
        if (c == '{' || c == '[') {
          i++
          node.kids = c == '{' ? new Map() : []
          attach(node)
          const frame: Frame = { node, close: c == '{' ? '}' : ']' }
          stack.push(frame)
          ws()
          if (text[i] == frame.close) {
            i++
            stack.pop()
            reading = false
          } else if (c == '{') member(frame)
          continue
        }
        if (c == '"') string('a value')
        else if (!token(NUMBER) && !WORDS.some((w) => text.startsWith(w, i) && (i += w.length))) {
          stop(c == "'" ? 'strings and property names need double quotes (")' : `expected a value, found ${found()}`)
        }
        attach(node)
        reading = false
      }
      const top = stack.at(-1)
      ws()
      if (!top) {
        if (i < text.length) stop(`unexpected ${found()} after the end of the JSON value`)
        break
      }
      if (text[i] == ',') {
        const comma = i++
        ws()
        if (text[i] == top.close) stop(`trailing comma before "${top.close}"`, comma)
        if (top.close == '}') member(top)
        reading = true
      } else if (text[i] == top.close) {
        i++
        stack.pop()
      } else stop(`expected "," or "${top.close}" ${top.close == '}' ? 'after a property' : 'after an item'}, found ${found()}`)
    }
  } catch (e) {
    const s = e as Stop
    return { ok: false, error: { ...pos(s.at), message: s.stop } }
  }

  const value: unknown = JSON.parse(text.slice(text.charCodeAt(0) == 0xfeff ? 1 : 0))
  const locate = (path: readonly (string | number)[], key?: boolean): Pos => {
    let node = root!
    for (const k of path) {
      const kids = node.kids
      const next = kids instanceof Map ? (typeof k == 'string' ? kids.get(k) : undefined) : typeof k == 'number' ? kids?.[k] : undefined
      if (!next) return pos(node.at)
      node = next
    }
    return pos(key && node.key !== undefined ? node.key : node.at)
  }
  return { ok: true, source: { value, locate, repeated } }
}
