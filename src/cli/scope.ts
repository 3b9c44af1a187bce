// A warning `milepost validate` adds to the engine's issues (kept out of the browser's bundle): an
// account's ladder and owner notices run once per account, on the account alone, so a user trait in
// the audience of an account milestone, or of a nudge about one, is never seen there.
import { ACCOUNT_TRAIT, signalMilestone } from '../core/index'
import type { Audience, Issue, Journey } from '../core/types'
import { join } from '../core/validate-read'


const userTraits = (out: Issue[], audience: Audience | undefined, path: string) => {
  for (const k of Object.keys(audience ?? {})) {
    if (!k.startsWith(ACCOUNT_TRAIT)) {
      out.push({ path: join(path + '.audience', k), message: `a user trait: unknown where the account's ladder runs (use "${ACCOUNT_TRAIT}<name>")`, severity: 'warning' })
    }
  }
}

/** The warnings about user traits where only account traits are known, in file order. */
export const scopeWarnings = (j: Journey): Issue[] => {
  const out: Issue[] = []
  const shared = new Set<string>()
  j.milestones.forEach((m, i) => {
    if (m.scope == 'account') shared.add(m.id), userTraits(out, m.audience, `milestones[${i}]`)
  })
  ;(j.nudges ?? []).forEach((n, i) => {
    if (shared.has(signalMilestone(n.when)!)) userTraits(out, n.audience, `nudges[${i}]`)
  })
  return out
}
