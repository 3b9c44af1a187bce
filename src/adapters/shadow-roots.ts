// What a selector path (`app-shell >>> project-list >>> #new`) crosses changes where an observer
// of the page does not see it: a component re-renders its shadow root (a route change inside an
// app shell), or a custom element defined late attaches its shadow root as it upgrades.

export interface ShadowRoots {
  /** Pass to `queryAllDeep` / `queryDeep` as `cross`: watches each host the path goes through. */
  cross(host: Element): void
  stop(): void
}

/**
 * Watches the open shadow roots that selector paths cross, with `options` as the page is watched,
 * and calls `onChange` on every change there. Each lookup passing `cross` observes the roots it
 * went through (a root that comes later is found by the lookup its change brings); a host it
 * crossed with no shadow root yet, an undefined custom element, calls `onChange` once defined.
 * Returns `cross` and the stop.
 */
export const watchShadowRoots = (
  doc: Document,
  onChange: () => void,
  options: MutationObserverInit,
  MO: typeof MutationObserver = MutationObserver,
): ShadowRoots => {
  const observer = new MO(onChange)
  const waiting = new Set<string>()
  let live = true
  return {
    cross(host) {
      // Stopped: a lookup after the stop observes nothing (observe() would start it again).
      if (!live) return
      const tag = host.localName
      const registry = doc.defaultView?.customElements
      // Observing a root again with the same options changes nothing. Once a tag: a defined host
      // with no shadow root costs one look more.
      if (host.shadowRoot) observer.observe(host.shadowRoot, options)
      else if (registry && tag.includes('-') && !waiting.has(tag)) {
        waiting.add(tag)
        void registry.whenDefined(tag).then(() => live && onChange())
      }
    },
    stop() {
      live = false
      observer.disconnect()
    },
  }
}
