'use client'
import { useEffect } from 'react'
import type { ReactNode } from 'react'
import { MilepostProvider, useMilepost } from 'milepost/react'
import { mountUi } from 'milepost/ui'

/** The provider for the whole app: progress is kept per user and synced to /api/milepost. */
export function Onboarding({ userId, children }: { userId: string; children: ReactNode }) {
  return (
    <MilepostProvider
      options={{
        configUrl: '/onboarding.json',
        endpoint: '/api/milepost',
        headers: { authorization: `Bearer ${userId}` }, // demo only: send your real session instead
        user: { id: userId },
      }}
    >
      <BuiltInUi />
      {children}
    </MilepostProvider>
  )
}

/** The launcher and checklist of milepost/ui, mounted after hydration. */
function BuiltInUi() {
  const { milepost } = useMilepost()
  useEffect(() => mountUi(milepost), [milepost])
  return null
}

/** A badge anywhere in the app; renders nothing on the server and until the state is ready. */
export function SetupBadge() {
  const { milepost, state } = useMilepost()
  if (!state.ready) return null
  return (
    <button type="button" onClick={() => milepost.open()}>
      Setup {state.percent}%
    </button>
  )
}
