// A journey that uses every field of the format, shared by the validator and schema tests.
import type { Journey } from '../../src/core/types'
import { aMilestone, aNudge, aStep } from '../builders'

/** A journey that uses every field of the format. */
export const everything = (): Journey => ({
  $schema: 'https://unpkg.com/milepost/dist/schema.json',
  version: 1, id: 'acme', title: 'Acme', description: 'All of it', start: { trait: 'signedUpAt' }, atRiskShare: 0.25,
  stages: [{ id: 'intro', title: 'Intro', days: { from: 0, to: 30 } }, { id: 'later', title: 'Later', days: { from: 30 } }],
  milestones: [
    aMilestone({ id: 'a', stage: 'intro', due: { day: 3 }, description: '', audience: { plan: 'pro', seats: { gte: 5, lte: 50 } },
      steps: [
        aStep({ id: 'a1', description: 'd', optional: true, completeWhen: { event: 'x', count: 2, where: { k: 'v', n: 1, b: true, z: null } },
          cta: { label: 'Go', href: 'https://example.com/a?b#c' }, tooltip: { target: '#t', text: 'here', placement: 'left-end' },
          resources: [{ title: 'r', url: '../guide', kind: 'guide' }, { title: 'r2', url: '#top' }] }),
        aStep({ id: 'a2', completeWhen: { any: [{ url: '/r*' }, { all: [{ click: '#b' }, { visible: '.c' }] }] }, cta: { label: 'Act', action: 'open' } }),
        aStep({ id: 'a3', audience: { role: { not: { in: ['viewer', null] } }, trial: { exists: false }, since: { gte: '2026-01-01' } } }),
      ] }),
    aMilestone({ id: 'b', stage: 'later', due: { date: '2026-12-01T09:00:00+01:00' }, dependsOn: ['a'], atRiskShare: 0.5, steps: [aStep({ id: 'b1', completeWhen: { manual: true } })] }),
    aMilestone({ id: 'c', scope: 'account', owner: 'csm', collaborators: ['account-admin'], audience: { 'account.tier': 'enterprise' },
      steps: [aStep({ id: 'c1', scope: 'user' }), aStep({ id: 'c2', scope: 'account' })] }),
  ],
  nudges: [
    aNudge({ id: 'n1', when: { all: [{ stalled: { milestone: 'a', days: 0 } }, { any: [{ missed: { milestone: 'b' } }, { dueSoon: { milestone: 'b', days: 2 } }] }] },
      audience: { value: { gte: 1000 } }, card: { title: 'Help', body: 'Body', goal: 'Goal', resources: [{ title: 'v', url: '/v', kind: 'video' }],
        actions: [{ label: 'Call', href: 'https://cal.example.com' }, { label: 'Chat', action: 'chat' }] },
      tooltip: { target: '#x', text: 'Here' }, escalate: [{ afterDays: 1, notify: 'in-app' }, { afterDays: 3, notify: 'csm', message: 'late' }],
      maxShows: 3, everyDays: 0, snoozeDays: 2, priority: -1.5 }),
    { id: 'n2', when: { any: [{ day: { day: 7 } }, { progress: { stage: 'intro', min: 30, max: 70 } }, { progress: {} },
      { engagement: { days: 14, minSessions: 1, maxSessions: 2 } }, { sessionsWithoutProgress: { count: 3 } }, { inactive: { days: 7 } }] },
      escalate: [{ afterDays: 0, notify: 'leadership' }] },
  ],
})
