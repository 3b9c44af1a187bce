// Milepost's selector paths into open shadow roots, read alike by the validator and the page.

/**
 * The parts of a selector path (`host >>> inner`, into open shadow roots), split at each `>>>`
 * outside quotes, brackets and parentheses (`[title="a >>> b"]` is one part). The validator and
 * the page read paths with it alike.
 */
export const splitPath = (selector: string): string[] => {
  const parts: string[] = []
  let from = 0
  let depth = 0
  let quote = ''
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i]
    if (c == '\\') i++
    else if (quote) quote = c == quote ? '' : quote
    else if (c == '"' || c == "'") quote = c
    else if (c == '(' || c == '[') depth++
    else if (c == ')' || c == ']') depth &&= depth - 1
    else if (!depth && selector.startsWith('>>>', i)) parts.push(selector.slice(from, i)), (from = i + 3), (i += 2)
  }
  return [...parts, selector.slice(from)]
}
