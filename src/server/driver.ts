/**
 * The checks a store makes when it is created, so a missing driver or connection string stops the
 * server at start-up with a clear message rather than answering every request with 500.
 */

/** Resolves a bare specifier like `import.meta.resolve`, throwing when it cannot be found. */
export type Resolve = (specifier: string) => string

// Node ≥ 20.6 resolves synchronously; where there is no import.meta.resolve (some bundlers),
// the check is skipped and a missing driver shows up at the first query instead.
const nodeResolve = (): Resolve | undefined => {
  const resolve = import.meta.resolve as Resolve | undefined
  return typeof resolve == 'function' ? resolve : undefined
}

/** Throws, naming the store, the package and what to do, when `driver` is not installed. */
export const requireDriver = (store: string, driver: string, resolve: Resolve | undefined = nodeResolve()): void => {
  if (!resolve) return
  try {
    resolve(driver)
  } catch {
    throw new Error(`milepost: ${store} needs the \`${driver}\` package, which is not installed: npm install ${driver}` +
      ' (or another store: createPgliteStore, createPostgresStore, createMemoryStore)')
  }
}

/** Throws when a required option is missing or empty, e.g. an unset DATABASE_URL. */
export const requireOption = (store: string, name: string, value: unknown, hint: string): void => {
  if (typeof value == 'string' && value.trim()) return
  throw new Error(`milepost: ${store} needs \`${name}\`, got ${value === undefined ? 'undefined' : JSON.stringify(value)}${hint}`)
}

/**
 * Imports a package only the store that uses it needs (`pg`, `@electric-sql/pglite`). Named through
 * a variable, so a bundler making a Worker or an edge function of the handler with the memory store
 * or its own SQL driver does not look for packages it will never load (a literal `import('pg')`
 * failed such a bundle unless both drivers were installed).
 */
export const importOptional = <T>(name: string): Promise<T> => import(/* @vite-ignore */ /* webpackIgnore: true */ name) as Promise<T>

/**
 * A Node built-in module, read when first needed rather than imported at the top, so that
 * `milepost/server` bundles for Fetch runtimes without `node:` modules (only the PGlite data folder's
 * lock and the dashboard's own script file use them).
 */
export const nodeBuiltin = <T>(name: string): T => {
  const get = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule
  if (!get) throw new Error(`milepost: ${name} is needed here, and this runtime is not Node 20.16 or later`)
  return get(name) as T
}
