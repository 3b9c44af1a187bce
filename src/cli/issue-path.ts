// Reads back the JSON paths validateJourney writes: `milestones[1].steps[0].title`,
// `audience["odd key"]`, and `""` for the root (see `join` in core/validate-read.ts).

/**
 * The keys and indexes of a path, or as many as could be read when it is malformed.
 * @example pathSegments('milestones[1].steps[0].title') // ['milestones', 1, 'steps', 0, 'title']
 * @example pathSegments('audience["odd key"]') // ['audience', 'odd key']
 */
export const pathSegments = (path: string): (string | number)[] => {
  const out: (string | number)[] = []
  const SEGMENT = /\.?([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y
  while (SEGMENT.lastIndex < path.length) {
    const m = SEGMENT.exec(path)
    if (!m) break
    out.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : (JSON.parse(m[3]!) as string)))
  }
  return out
}
