// Which users a figure counts: trait filters from the query string, as parameterised SQL.
//   segment=plan:pro&segment=plan:team   plan is pro or team (same trait: any of)
//   segment=plan:pro&segment=region:eu   plan is pro and region is eu (different traits: all)
//   min=accountValue:10000&max=…         a number trait within bounds (other types never match)

/** Maps, not objects: a trait named `__proto__` or `constructor` is a name like any other. */
export interface Filter {
  /** Trait → accepted values, compared with the trait's text form (`12`, `true`). */
  equals: Map<string, string[]>
  min: Map<string, number>
  max: Map<string, number>
}

export const noFilter = (): Filter => ({ equals: new Map(), min: new Map(), max: new Map() })

const MAX_TERMS = 20

/** Reads `segment`, `min` and `max`; the error names the parameter that is wrong. */
export const parseFilter = (q: URLSearchParams): Filter | { error: string } => {
  const f = noFilter()
  let terms = 0
  for (const kind of ['segment', 'min', 'max'] as const) {
    for (const raw of q.getAll(kind)) {
      const at = raw.indexOf(':')
      const trait = raw.slice(0, at)
      const value = raw.slice(at + 1)
      if (at < 1 || trait.length > 100 || value.length > 200) return { error: `${kind}: expected <trait>:<value>` }
      if (++terms > MAX_TERMS) return { error: `${kind}: at most ${MAX_TERMS} filters` }
      if (kind === 'segment') f.equals.set(trait, [...(f.equals.get(trait) ?? []), value])
      else {
        const n = Number(value)
        if (value.trim() === '' || !isFinite(n)) return { error: `${kind}: ${trait} needs a number` }
        f[kind].set(trait, n)
      }
    }
  }
  return f
}

export const isEmpty = (f: Filter): boolean => !f.equals.size && !f.min.size && !f.max.size

/**
 * ` AND …` conditions on `alias.traits`; trait names and values go into `params` (placeholders
 * numbered after what is there), so no text from the request is ever spliced into the SQL.
 */
export const traitWhere = (f: Filter, alias: string, params: unknown[]): string => {
  const p = (v: unknown) => `$${params.push(v)}`
  const parts = [...f.equals].map(([k, vs]) => `(${alias}.traits ->> ${p(k)}::text) = ANY (${p(vs)}::text[])`)
  for (const [op, bounds] of [['>=', f.min], ['<=', f.max]] as const) {
    for (const [k, n] of bounds) {
      const key = p(k)
      parts.push(`CASE WHEN jsonb_typeof(${alias}.traits -> ${key}::text) = 'number' ` +
        `THEN (${alias}.traits ->> ${key}::text)::float8 ${op} ${p(n)}::float8 ELSE false END`)
    }
  }
  return parts.map((c) => ` AND ${c}`).join('')
}
