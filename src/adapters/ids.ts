/** A unique event or session id; `randomUUID` exists only in secure contexts, hence the fallback. */
export const newId = (): string =>
  globalThis.crypto?.randomUUID?.() ??
  Date.now().toString(36) + '-' + Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2)
