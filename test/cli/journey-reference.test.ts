// docs/journey-reference.md lists every field of src/schema.json with its default: these tests
// keep the page and the schema equal, so the reference cannot go stale.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

type Json = any // eslint-disable-line @typescript-eslint/no-explicit-any

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8')
const schema: Json = JSON.parse(read('src/schema.json'))
const page = read('docs/journey-reference.md')

/** What the schema says of one field: its schema, and whether it is required or a kind (one of a oneOf). */
interface Field {
  schema: Json
  required: boolean
  kind: boolean
}

/**
 * The fields of an object schema by dotted name: its own properties, those of its oneOf branches
 * (the branch's required key is its kind), and those of inline objects inside them (`stalled.days`).
 * `true` placeholders only satisfy ajv's strictRequired and are skipped; `$ref`s have their own section.
 */
const fieldsOf = (s: Json, prefix = '', out = new Map<string, Field>()): Map<string, Field> => {
  const add = (o: Json, kind: boolean) => {
    for (const [k, v] of Object.entries<Json>(o.properties ?? {})) {
      if (v === true) continue
      const required = (o.required ?? []).includes(k)
      out.set(prefix + k, { schema: v, required: required && !kind, kind: required && kind })
      if (!v.$ref && (v.properties || v.oneOf)) fieldsOf(v, `${prefix}${k}.`, out)
    }
  }
  add(s, false)
  for (const b of s.oneOf ?? []) add(b, true)
  return out
}

const at = (pointer: string): Json => pointer.split('/').slice(1).reduce((o, k) => o[k.replace(/~1/g, '/').replace(/~0/g, '~')], schema)
/** The $defs that are plain values, not objects with fields. */
const values = Object.keys(schema.$defs).filter((k) => schema.$defs[k].type != 'object' && !schema.$defs[k].oneOf)

/** Each `<!-- schema: pointer -->` section of the page: its table rows as [field, type, default, meaning]. */
const sections = [...page.matchAll(/<!-- schema: (\S+) -->\n((?:\|.*\n)+)/g)].map(([, pointer, table]) => ({
  pointer: pointer!,
  rows: table!.trim().split('\n').slice(2).map((line) => line.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim())),
}))
const name = (cell: string) => /^`([^`]+)`$/.exec(cell)?.[1] ?? `(not a code name: ${cell})`

describe('docs/journey-reference.md', () => {
  it('has a section for the top level and for every object of the schema', () => {
    const objects = Object.keys(schema.$defs).filter((k) => fieldsOf(schema.$defs[k]).size).map((k) => `#/$defs/${k}`)
    expect(sections.map((s) => s.pointer).sort()).toEqual(['#', ...objects, 'values'].sort())
  })

  it.each(sections.map((s) => [s.pointer, s] as const))('%s lists exactly the fields of the schema', (pointer, { rows }) => {
    const expected = pointer == 'values' ? values : [...fieldsOf(pointer == '#' ? schema : at(pointer)).keys()]
    expect(rows.map((r) => name(r[0]!))).toEqual(expected)
  })

  it.each(sections.filter((s) => s.pointer != 'values').map((s) => [s.pointer, s] as const))(
    '%s gives each field the default the schema has, or says it is required',
    (pointer, { rows }) => {
      const fields = fieldsOf(pointer == '#' ? schema : at(pointer))
      const wrong = rows.flatMap(([cell, , def]) => {
        const f = fields.get(name(cell!))
        if (!f) return []
        const code = /^`(.*)`$/.exec(def!)?.[1]
        const ok = f.kind ? def == 'kind'
          : f.required ? def == 'required'
          : f.schema.default !== undefined ? code !== undefined && JSON.stringify(JSON.parse(code)) == JSON.stringify(f.schema.default)
          : code === undefined && !!def && def != 'required' && def != 'kind'
        return ok ? [] : [`${cell}: the page says ${JSON.stringify(def)}, the schema ${JSON.stringify(f)}`]
      })
      expect(wrong).toEqual([])
    },
  )

  it('gives every field a type and a meaning', () => {
    const empty = sections.flatMap((s) => s.rows.filter((r) => r.length != 4 || r.some((c) => !c)).map((r) => `${s.pointer} ${r[0]}`))
    expect(empty).toEqual([])
  })
})

describe('schema.json defaults', () => {
  const all = [schema, ...Object.values<Json>(schema.$defs)].flatMap((s) => [...fieldsOf(s).entries()])

  it('are stated in the description too, so editors show them on hover', () => {
    const silent = all.filter(([, f]) => f.schema.default !== undefined && !/Default/.test(f.schema.description)).map(([k]) => k)
    expect(silent).toEqual([])
  })

  it('are valid values of their own field', async () => {
    const { default: Ajv2020 } = await import('ajv/dist/2020')
    const ajv = new Ajv2020({ strict: true })
    ajv.addSchema(schema)
    const wrong = all.filter(([, f]) => f.schema.default !== undefined)
      .filter(([, f]) => !ajv.validate({ $defs: schema.$defs, ...f.schema, $id: undefined }, f.schema.default)).map(([k]) => k)
    expect(wrong).toEqual([])
  })
})
