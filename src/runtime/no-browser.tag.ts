// The script tag's no-browser.ts (rollup.config.mjs's `tagModules` puts it in place of that module in
// dist/milepost.min.js only): the tag runs in a page, or not at all (src/global.ts reads `window`
// and `document` as it evaluates), so it never starts idle and carries none of that path.
export const inBrowser = (): boolean => true

export const sayNoBrowser = (): void => {}
