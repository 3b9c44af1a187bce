export interface TabChannel {
  post(message: unknown): void
  close(): void
}

/** A BroadcastChannel to the page's other tabs; a no-op where it is missing, and for no `name`. */
export const openTabs = (
  name: string,
  onMessage: (message: unknown) => void,
  BC: typeof BroadcastChannel | undefined = globalThis.BroadcastChannel,
): TabChannel => {
  if (!BC || !name) return { post() {}, close() {} }
  const channel = new BC(name)
  channel.onmessage = (event) => onMessage(event.data)
  return {
    post: (message) => {
      try {
        channel.postMessage(message)
      } catch {
        // closed (user switched, page leaving): the other tabs read storage on their next load
      }
    },
    close: () => channel.close(),
  }
}
