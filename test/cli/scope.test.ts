// `milepost validate` warns of a user trait where only account traits are known (docs/journey-reference.md "Accounts").
import { describe, expect, it } from 'vitest'
import { checkJourneyText } from '../../src/cli/check'

const text = JSON.stringify({
  version: 1, id: 'acme', title: 'Acme',
  milestones: [
    { id: 'team', title: 'Team', scope: 'account', audience: { role: 'admin', 'account.tier': 'pro' }, steps: [{ id: 'a', title: 'A' }], due: { day: 14 } },
    { id: 'me', title: 'Me', audience: { role: 'admin' }, steps: [{ id: 'b', title: 'B' }], due: { day: 7 } },
  ],
  nudges: [
    { id: 'n', when: { missed: { milestone: 'team' } }, audience: { plan: 'pro' }, escalate: [{ afterDays: 1, notify: 'csm' }] },
    { id: 'm', when: { missed: { milestone: 'me' } }, audience: { plan: 'pro' }, escalate: [{ afterDays: 1, notify: 'csm' }] },
  ],
}, null, 2)

describe('validate: account scope', () => {
  it('warns of a user trait in the audience of an account milestone or of a nudge about one, at its line; the journey stays valid', () => {
    const c = checkJourneyText(text)
    expect(c.journey).toBeDefined()
    expect(c.issues.map((i) => [i.severity, i.path, i.line])).toEqual([
      ['warning', 'milestones[0].audience.role', 11],
      ['warning', 'nudges[0].audience.plan', 50],
    ])
    expect(c.issues[0]!.message).toBe('a user trait: unknown where the account\'s ladder runs (use "account.<name>")')
  })
})
