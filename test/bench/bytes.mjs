// Where the script tag's first file goes: each module's rendered code (after tree-shaking) minified
// with terser (top-level names kept) and gzipped alone, then each folder's modules together.
// Modules alone sum to far more than the file (gzip shares repeats across modules): they rank the
// pieces; the folders' figures are closer to what each adds to the file.
// Usage: node test/bench/bytes.mjs [input=src/global.ts]
import { gzipSync } from 'node:zlib'
import { rollup } from 'rollup'
import { minify } from 'terser'
import config from '../../rollup.config.mjs'

const input = process.argv[2] ?? 'src/global.ts'
const base = config.find((c) => c.input === 'src/global.ts')
const sizes = []
// As the build minifies, but keeping declarations nothing in the module uses (its exports).
const OPTIONS = { ecma: 2020, module: true, compress: { passes: 2, unused: false }, mangle: { toplevel: true } }
const report = {
  name: 'bytes',
  async generateBundle(_, bundle) {
    for (const chunk of Object.values(bundle)) {
      if (chunk.type !== 'chunk') continue
      for (const [id, info] of Object.entries(chunk.modules)) {
        if (!info.code) continue
        const out = await minify(info.code, OPTIONS)
        sizes.push([id.replace(process.cwd() + '/', ''), gzipSync(out.code ?? '', { level: 9 }).length, chunk.fileName, out.code ?? ''])
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
/** A module's group: its folder under src/, or its package under node_modules/. */
const group = (id) => /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(id)?.[1] ?? /^src\/([^/]+)\//.exec(id)?.[1] ?? id
const groups = new Map()
for (const [id, , , code] of sizes) groups.set(group(id), (groups.get(group(id)) ?? '') + code + '\n')
const rows = [...groups].map(([name, code]) => [name, gzipSync(code, { level: 9 }).length]).sort((a, b) => b[1] - a[1])
const file = (await minify(output.map((c) => c.code ?? '').join('\n'), OPTIONS)).code ?? ''
console.log('\nby folder (modules together, minified + gzip -9):')
for (const [name, n] of rows) console.log(String(n).padStart(6), name)
console.log('sum', rows.reduce((n, r) => n + r[1], 0), 'the file alone', gzipSync(file, { level: 9 }).length)
// What any runtime carries: the engine, the stores and their library, IndexedDB, the sync client.
const floor = ['core', 'stores', 'nanostores', 'idb-keyval', 'sync', 'src/protocol.ts']
console.log('together:', floor.join(' + '), gzipSync(floor.map((g) => groups.get(g) ?? '').join('\n'), { level: 9 }).length)
