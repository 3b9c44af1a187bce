// Styles live only in the shadow root: a constructable stylesheet, or a nonce-able <style> where
// constructable stylesheets are missing (Safari < 16.4).

/** Adopts `css` into `root`; CSP `style-src` does not apply to constructable stylesheets. */
export const adoptStyles = (root: ShadowRoot, css: string, nonce?: string): void => {
  if ('adoptedStyleSheets' in root) {
    try {
      const sheet = new CSSStyleSheet()
      sheet.replaceSync(css)
      root.adoptedStyleSheets = [sheet]
      return
    } catch {
      // `new CSSStyleSheet()` throws where the property exists but construction does not (old Safari).
    }
  }
  const style = root.ownerDocument.createElement('style')
  if (nonce) style.nonce = nonce
  style.textContent = css
  root.prepend(style)
}
