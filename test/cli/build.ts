// Builds the CLI from source for subprocess tests, the way rollup.config.mjs does (engine bundled
// in, node:* external, the #! banner) but with a plain TypeScript transpile, into a fresh folder.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { rollup } from 'rollup'
import ts from 'typescript'

export const root = fileURLToPath(new URL('../../', import.meta.url))

const transpile = {
  name: 'transpile',
  resolveId(id: string, from?: string) {
    // Source imports name files without their .ts extension.
    if (!from || !id.startsWith('.')) return null
    // A folder import (`../core`, which `milepost watch` pulls in through the server) is its index.
    const file = join(from, '..', id)
    return existsSync(file + '.ts') ? file + '.ts' : join(file, 'index.ts')
  },
  transform(code: string, id: string) {
    if (!id.endsWith('.ts')) return null
    const { outputText } = ts.transpileModule(code, {
      fileName: id,
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, verbatimModuleSyntax: true },
    })
    return { code: outputText, map: null }
  },
}

/** Builds src/cli/index.ts to `<fresh folder>/cli.js`; returns its path and a cleanup. */
export const buildCli = async (): Promise<{ cli: string; dir: string; remove: () => void }> => {
  mkdirSync(join(root, '.tmp'), { recursive: true })
  const dir = mkdtempSync(join(root, '.tmp', 'cli-test-'))
  const build = await rollup({
    input: join(root, 'src/cli/index.ts'),
    external: (id) => id.startsWith('node:') || id === 'pg' || id === '@electric-sql/pglite',
    plugins: [transpile],
    onwarn: (w) => { throw new Error(w.message) },
  })
  const { output } = await build.generate({ format: 'es', banner: '#!/usr/bin/env node', inlineDynamicImports: true })
  await build.close()
  const cli = join(dir, 'cli.js')
  writeFileSync(cli, output[0].code, { mode: 0o755 })
  return { cli, dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}
