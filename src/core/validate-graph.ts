// Checks across the whole journey, run on the clean copy once every id is known: references,
// missed and dueSoon signals on a milestone without a due, dependency cycles, and dues that come
// before a dependency's due.
import type { Due, Milestone } from './types'
import { type Ctx, hint, issue } from './validate-read'

const day = (d: Due | undefined) => (d && 'day' in d ? d.day : NaN)

export const checkGraph = (milestones: readonly Partial<Milestone>[] = [], x: Ctx): void => {
  // The first milestone of each id is the node; `paths` holds where its id was read.
  const paths = x.ids.milestone!, nodes: Partial<Milestone>[] = [], index = new Map<string, number>()
  for (const m of milestones) if (m.id !== undefined && !index.has(m.id)) index.set(m.id, nodes.push(m) - 1)

  // A hint naming ids is told when they all are known ("missed": "nope" is no { "milestone": "nope" }).
  for (const [i, words, refs] of x.hints ?? []) if (refs.every(([kind, id]) => x.ids[kind]?.has(id))) i.message += words
  // A due written wrong (an error of its own) is a due all the same: no "has no due" beside it.
  const dueBroken = (id: string) => x.i.some((i) => i.severity == 'error' && i.path.startsWith(paths.get(id)!.slice(0, -2) + 'due'))
  for (const [kind, id, p] of x.refs) {
    const seen = x.ids[kind]!, m = nodes[index.get(id)!], signal = /\.(missed|dueSoon)\.milestone$/.exec(p)?.[1]
    if (!seen.has(id)) issue(x, p, `unknown ${kind} "${id}"` + hint(x, id, seen.keys()))
    // A milestone without a due is never late (a `stalled` nudge on it still fires: no warning there).
    else if (signal && m && !m.due && !dueBroken(id)) issue(x, p, `milestone "${id}" has no due: ${signal} never holds`, 'warning')
    // An account milestone's ladder runs once per account, on its account steps: a member's own step
    // left undone keeps that member red with no level told (watch.md).
    else if (/^nudges.*\.(missed|dueSoon|stalled)\.milestone$/.test(p) && m?.scope == 'account') {
      const own = m.steps?.find((s) => s?.scope == 'user')
      if (own) issue(x, p, `account milestone "${id}": its ladder counts the account's steps only, not "${own.id}" (each member's own)`, 'warning')
    }
  }
  const deps = nodes.map((m) => (m.dependsOn ?? []).flatMap((d) => index.get(d) ?? []))
  const at = (i: number) => paths.get(nodes[i]!.id!)!.slice(0, -2)

  nodes.forEach((m, i) => {
    // Only day dues compare: a date due would need the user's start.
    for (const j of deps[i]!) {
      const theirs = day(nodes[j]!.due)
      if (day(m.due) < theirs) issue(x, at(i) + 'due', `due before its dependency "${nodes[j]!.id}" (day ${theirs})`, 'warning')
    }
  })

  // Iterative depth-first search (a 10k-long chain must not overflow the stack), reading each
  // milestone's dependencies in file order. A cycle found ends its search and retires every
  // milestone on the path, so each milestone is named in at most one cycle: the messages stay
  // linear in size, and every tangle still gets at least one error.
  const state: number[] = [] // 1 on the path, 2 done
  for (const d of deps) d.reverse()
  for (let s = 0; s < nodes.length; s++) {
    const path = state[s] ? [] : [s]
    while (path.length) {
      const v = path.at(-1)!, w = deps[v]!.pop()
      state[v] = 1
      if (w === undefined) state[path.pop()!] = 2
      else if (state[w] == 1) {
        const cycle = [...path.slice(path.indexOf(w)), w].map((k) => nodes[k]!.id)
        issue(x, at(w) + 'dependsOn', 'dependency cycle: ' + cycle.join(' → '))
        for (const k of path.splice(0)) state[k] = 2
      } else if (!state[w]) path.push(w)
    }
  }
}
