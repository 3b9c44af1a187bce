// `npm pack` and `npm publish` ship dist/ as it is, and `npm start` builds only the demo's files
// there (MILEPOST_BUILD=demo): package.json's `prepack` runs the full build first. This checks,
// without building, that the full build (rollup.config.mjs) writes every file package.json names
// (exports, bin, main, types, unpkg…) and that `prepack` runs that build.
import { readFileSync } from 'node:fs'
import { describe, expect, it, vi } from 'vitest'

// The config's plugins are not run here, only its outputs read: stand-ins for the ones that load
// TypeScript or terser (a second of the SDK project's time otherwise).
vi.mock('@rollup/plugin-typescript', () => ({ default: () => ({ name: 'typescript' }) }))
vi.mock('rollup-plugin-dts', () => ({ dts: () => ({ name: 'dts' }) }))
vi.mock('@rollup/plugin-terser', () => ({ default: () => ({ name: 'terser' }) }))

interface Pkg {
  scripts: Record<string, string>
  files: string[]
  exports: Record<string, string | Record<string, string>>
  bin: Record<string, string>
  [field: string]: unknown
}
interface Config {
  input: string | Record<string, string>
  output: { file?: string; dir?: string; entryFileNames?: string }
  plugins?: Array<{ name: string; generateBundle?: (this: unknown) => void }>
}

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as Pkg

/** Every file package.json points at, as `dist/…`, but package.json itself. */
const named = (): string[] => {
  const fromExports = Object.values(pkg.exports).flatMap((v) => (typeof v === 'string' ? [v] : Object.values(v)))
  const fields = ['main', 'module', 'types', 'unpkg', 'jsdelivr'].map((f) => pkg[f] as string)
  const all = [...fromExports, ...Object.values(pkg.bin), ...fields, ...(pkg.sideEffects as string[])]
  return [...new Set(all.map((p) => p.replace(/^\.\//, '')))].filter((p) => p !== 'package.json').sort()
}

/** The files the full build writes: each output's file, or its entries' names in its dir, and emitted assets. */
const built = async (): Promise<Set<string>> => {
  const saved = process.env.MILEPOST_BUILD
  delete process.env.MILEPOST_BUILD // the full build, as `npm run build` (and so prepack) runs it
  try {
    // @ts-expect-error the build's own config, plain JS without types
    const configs = (await import('../rollup.config.mjs')).default as Config[]
    const out = new Set<string>()
    for (const { input, output, plugins = [] } of configs) {
      if (output.file) out.add(output.file)
      else if (output.dir && typeof input === 'object') {
        for (const name of Object.keys(input)) out.add(`${output.dir}/${output.entryFileNames!.replace('[name]', name)}`)
      }
      // Assets a plugin emits (schema.json): run its generateBundle with a context that only records them.
      for (const plugin of plugins.filter((p) => p.name === 'copy-schema')) {
        plugin.generateBundle!.call({ emitFile: (f: { fileName: string }) => out.add(`${output.dir ?? 'dist'}/${f.fileName}`) })
      }
    }
    return out
  } finally {
    if (saved !== undefined) process.env.MILEPOST_BUILD = saved
  }
}

describe('npm pack', () => {
  it('packs dist/ (and the docs, the recipes\' journeys and the Next.js example), and every file package.json names is in it', () => {
    expect(pkg.files).toEqual(['dist', 'docs/*.md', 'examples/journeys', 'examples/nextjs'])
    expect(named().filter((p) => !p.startsWith('dist/'))).toEqual([])
    // The script tag's lazy files, the command and the types are among them.
    expect(named()).toEqual(expect.arrayContaining(['dist/cli.js', 'dist/index.d.ts', 'dist/milepost.min.js', 'dist/milepost-engine.min.js', 'dist/schema.json']))
  })

  it('runs the full build first (prepack), and that build writes every file package.json names', async () => {
    expect(pkg.scripts.prepack).toBe('npm run build')
    expect(pkg.scripts.build).toMatch(/\brollup -c\b/)
    expect(pkg.scripts.build).not.toMatch(/MILEPOST_BUILD/)
    const files = await built()
    expect(named().filter((p) => !files.has(p))).toEqual([])
  }, 30_000)
})
