import { createPgliteStore, createSyncHandler } from 'milepost/server'

const handler = createSyncHandler({
  store: createPgliteStore({ dataDir: './.milepost-data' }),
  // Demo only: trusts `Bearer <userId>`. Check your own session here.
  authorize: (request) => {
    const userId = request.headers.get('authorization')?.replace(/^Bearer /, '')
    return userId ? { userId } : null
  },
  // One notice may cover several levels (nobody looked for a while): each level's recipient is told.
  onEscalation: (notice) => notice.levels.forEach((l) => console.log(`escalation level ${l.level} to ${l.notify ?? 'csm'} for ${notice.userId}`)),
})

// Node, the default runtime for route handlers (PGlite and pg need it): no `runtime` export.
export const GET = (request: Request) => handler(request)
export const POST = (request: Request) => handler(request)
export const OPTIONS = (request: Request) => handler(request)
