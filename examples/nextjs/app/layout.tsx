import type { ReactNode } from 'react'
import { Onboarding } from './onboarding'

export default function RootLayout({ children }: { children: ReactNode }) {
  const userId = 'u_demo' // from your session
  return (
    <html lang="en">
      <body>
        <Onboarding userId={userId}>{children}</Onboarding>
      </body>
    </html>
  )
}
