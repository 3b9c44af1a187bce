// The demo endpoint's console lines for escalations: a user's ladder names the user, an account's
// own ladder (a milestone with account scope) names the account.
import { describe, expect, it } from 'vitest'

type Describe = (notice: object, by?: string) => string
const { describeEscalation } = (await import(new URL('../../examples/demo-app/server/endpoint.mjs', import.meta.url).href)) as { describeEscalation: Describe }

const event = { type: 'escalation', level: 1, notify: 'csm', milestoneId: 'setup' }
const milestone = { id: 'setup', title: 'Set up', reason: '3 days overdue' }

describe('the demo’s escalation log', () => {
  it('names the user for a member’s ladder, with their account aside', () => {
    const line = describeEscalation({ userId: 'demo-1', account: { id: 'acct-000', traits: {} }, event, milestone })
    expect(line).toMatch(/ escalation demo-1 · "Set up" \(3 days overdue\) · level 1 → notify csm$/)
  })

  it('names the account for the account’s own ladder', () => {
    const line = describeEscalation({ userId: 'acct-000', account: { id: 'acct-000', traits: {} }, members: ['demo-1'], event, milestone }, ' (server watch)')
    expect(line).toMatch(/ escalation account acct-000 · "Set up" \(3 days overdue\) · level 1 → notify csm \(server watch\)$/)
  })
})
