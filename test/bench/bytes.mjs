// Where the script tag's first file goes, module by module: each module's rendered code
// (after tree-shaking) minified with terser and gzipped alone. Per-module figures sum to more than
// the file (gzip shares repeats across modules); they rank the pieces.
// Usage: node test/bench/bytes.mjs [input=src/global.ts]
import { gzipSync } from 'node:zlib'
import { rollup } from 'rollup'
import { minify } from 'terser'
import config from '../../rollup.config.mjs'

const input = process.argv[2] ?? 'src/global.ts'
const base = config.find((c) => c.input === 'src/global.ts')
const sizes = []
const report = {
  name: 'bytes',
  async generateBundle(_, bundle) {
    for (const chunk of Object.values(bundle)) {
      if (chunk.type !== 'chunk') continue
      for (const [id, info] of Object.entries(chunk.modules)) {
        if (!info.code) continue
        const out = await minify(info.code, { ecma: 2020, module: false, compress: { passes: 2 } })
        sizes.push([id.replace(process.cwd() + '/', ''), gzipSync(out.code ?? '', { level: 9 }).length, chunk.fileName])
      }
    }
  },
}
const plugins = base.plugins.filter((p) => p.name !== 'terser')
const build = await rollup({ input, plugins, onwarn: () => {} })
const { output } = await build.generate({ format: 'es', plugins: [report] })
const total = output.reduce((n, c) => n + (c.type === 'chunk' ? c.code.length : 0), 0)
sizes.sort((a, b) => b[1] - a[1])
for (const [id, n, file] of sizes) console.log(String(n).padStart(6), file === output[0].fileName ? '' : file, id)
console.log('sum', sizes.reduce((n, s) => n + s[1], 0), 'raw', total)
