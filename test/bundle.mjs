// The browser build recipe of rollup.config.mjs (browser resolution, NODE_ENV replaced, terser)
// for test pages and benchmarks, with a per-file TypeScript transpile instead of the type-checking
// plugin (the typecheck runs separately), so a build stays a few seconds.
import resolve from '@rollup/plugin-node-resolve'
import replace from '@rollup/plugin-replace'
import terser from '@rollup/plugin-terser'
import { rollup } from 'rollup'
import ts from 'typescript'

const transpile = {
  name: 'transpile',
  transform(code, id) {
    if (!/\.tsx?$/.test(id)) return null
    const { outputText } = ts.transpileModule(code, {
      fileName: id,
      compilerOptions: { target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.ESNext, jsx: ts.JsxEmit.ReactJSX, jsxImportSource: 'preact' },
    })
    return { code: outputText, map: null }
  },
}

/** An IIFE of `input` (a file), or of `source` (module text whose imports resolve from `root`). */
export const bundleForBrowser = async ({ input, source, root }) => {
  const entry = source === undefined ? [] : [{ name: 'entry', resolveId: (id) => (id === '\0entry' ? id : null), load: (id) => (id === '\0entry' ? source : null) }]
  const build = await rollup({
    input: input ?? '\0entry',
    plugins: [
      ...entry,
      resolve({ browser: true, extensions: ['.ts', '.tsx', '.mjs', '.js'], ...(root ? { rootDir: root } : {}) }),
      replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': JSON.stringify('production') } }),
      transpile,
      terser({ ecma: 2020, compress: { passes: 2 }, format: { comments: false } }),
    ],
    onwarn: () => {},
  })
  const { output } = await build.generate({ format: 'iife' })
  await build.close()
  return output[0].code
}
