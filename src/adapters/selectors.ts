/** Keeps the selectors the browser can parse; reports each other one, so none throws later. */
export const validSelectors = (
  selectors: readonly string[],
  onInvalid: (selector: string, error: unknown) => void,
  doc: Document = document,
): string[] => {
  const fragment = doc.createDocumentFragment()
  return selectors.filter((selector) => {
    try {
      fragment.querySelector(selector)
      return true
    } catch (error) {
      onInvalid(selector, error)
      return false
    }
  })
}
