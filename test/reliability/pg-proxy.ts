// A TCP proxy in front of PostgreSQL that a test can cut (every connection dropped, new ones
// refused) and restore: a failover, a PgBouncer restart or a database stopped, on demand.
import { connect, createServer } from 'node:net'
import type { AddressInfo, Socket } from 'node:net'

export const aPgProxy = async (databaseUrl: string) => {
  const target = new URL(databaseUrl)
  const sockets = new Set<Socket>()
  let up = true
  let holes = false // new connections are accepted and never answered (packets dropped)
  const server = createServer((client) => {
    if (holes) return void (sockets.add(client), client.on('error', () => undefined))
    if (!up) return void client.destroy()
    const upstream = connect(Number(target.port || 5432), target.hostname)
    for (const s of [client, upstream]) {
      sockets.add(s)
      s.on('error', () => undefined)
      s.on('close', () => (sockets.delete(s), client.destroy(), upstream.destroy()))
    }
    client.pipe(upstream).pipe(client)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const url = new URL(databaseUrl)
  url.hostname = '127.0.0.1'
  url.port = String((server.address() as AddressInfo).port)
  /** Drops every open connection and refuses new ones. */
  const cut = () => {
    up = false
    for (const s of sockets) s.destroy()
  }
  return {
    /** The connection string through the proxy. */
    url: url.toString(),
    cut,
    /** Like cut, but new connections hang instead of being refused: a host that drops packets. */
    blackHole: () => ((holes = true), cut()),
    restore: () => void ((up = true), (holes = false)),
    close: () => new Promise<void>((r) => (cut(), server.close(() => r()))),
  }
}
