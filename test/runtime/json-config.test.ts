// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import acme from '../../examples/journeys/acme-onboarding.json'
import segments from '../../examples/journeys/segment-plans.json'
import { start } from './harness'

// The type check is half of this test: `config: acme` compiles without a cast (`npm run typecheck`
// covers test/), although resolveJsonModule types `"version": 1` as number.
describe('a journey imported from a .json file', () => {
  it('is accepted by createMilepost({ config }) without a cast, and starts', async () => {
    for (const config of [acme, segments]) {
      const mp = await start({ config, user: { id: 'u1', traits: { plan: 'pro', signedUpAt: '2026-11-01T09:00:00Z' } } })
      expect(mp.getState()).toMatchObject({ ready: true, journeyId: config.id })
      expect(mp.getState().milestones.length).toBeGreaterThan(0)
      mp.destroy()
    }
  })
})
