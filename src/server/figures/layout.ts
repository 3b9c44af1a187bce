// The journey as the figures' SQL reads it: steps and milestones in journey order, as JSON parameters.
import type { Audience, Journey } from '../../core/types'
import { layoutKey, milestoneOf } from '../facts'

export interface StepLayout {
  id: string
  title: string
  milestone: string
  /** Position in the journey: milestones in file order, their steps in file order. */
  ord: number
  /** Holds the funnel back: not optional (the core's `required`; a milestone of optional steps only requires none). */
  gating: boolean
}

export interface MilestoneLayout {
  id: string
  title: string
  /** Position in the journey from 1: the index of its entry in the `m_…` arrays of `milepost_users`. */
  k: number
  ord: number
  /** `due.day`, or null for a due date or none. */
  dueDay: number | null
  /** Histogram bars are days 0 … bins - 1, and a last one for `bins` days or more. */
  bins: number
  dependsOn: readonly string[]
}

export interface Layout {
  /** The key facts made for this journey file carry (`milepost_users.layout`). */
  key: string
  steps: StepLayout[]
  milestones: MilestoneLayout[]
  title: (milestoneId: string) => string
}

/** Bars of the time-to-milestone histogram: twice the due day, within 7–60; 14 without a due day. */
export const binsOf = (dueDay: number | null): number => (dueDay == null ? 14 : Math.min(60, Math.max(7, Math.ceil(2 * dueDay))))

export const layoutOf = (journey: Journey): Layout => {
  let ord = 0
  const steps = journey.milestones.flatMap((m) => m.steps.map((s) => ({ id: s.id, title: s.title, milestone: m.id, ord: ord++, gating: !s.optional })))
  const milestones = journey.milestones.map((m, i) => {
    const dueDay = m.due && 'day' in m.due ? m.due.day : null
    return { id: m.id, title: m.title, k: i + 1, ord: i, dueDay, bins: binsOf(dueDay), dependsOn: m.dependsOn ?? [] }
  })
  const titles = new Map(journey.milestones.map((m) => [m.id, m.title]))
  return { key: layoutKey(journey), steps, milestones, title: (id) => titles.get(id) ?? id }
}

/** The traits a journey's audiences read (milestones, steps, nudges): its segments unless told otherwise. */
export const audienceTraits = (journey: Journey): string[] => {
  const seen = new Set<string>()
  const add = (a: Audience | undefined) => Object.keys(a ?? {}).forEach((k) => seen.add(k))
  for (const m of journey.milestones) {
    add(m.audience)
    m.steps.forEach((s) => add(s.audience))
  }
  for (const n of journey.nudges ?? []) add(n.audience)
  return [...seen]
}

/** Each nudge with the milestone its signal is about (null: the whole journey) and its position `k` from 1. */
export const nudgeLayout = (journey: Journey) =>
  (journey.nudges ?? []).map((n, i) => ({ id: n.id, k: i + 1, title: n.card?.title ?? n.tooltip?.text ?? n.id, milestone: milestoneOf(n.when) }))

/** SQL for each position 1…n, joined: the per-milestone and per-nudge columns (only numbers are spliced in). */
export const each = (n: number, sql: (k: number) => string, sep = ',\n  '): string =>
  Array.from({ length: n }, (_, i) => sql(i + 1)).join(sep)

/** Entries of the packed arrays of `milepost_users` (facts.ts, factsRow), for milestone or nudge k from 1. */
export const cell = {
  done: (k: number, a = 'u') => `${a}.m_times[${4 * k - 3}]`,
  due: (k: number, a = 'u') => `${a}.m_times[${4 * k - 2}]`,
  amber: (k: number, a = 'u') => `${a}.m_times[${4 * k - 1}]`,
  blocked: (k: number, a = 'u') => `${a}.m_times[${4 * k}]`,
  percent: (k: number, a = 'u') => `${a}.m_info[${2 * k - 1}]`,
  level: (k: number, a = 'u') => `${a}.m_info[${2 * k}]`,
  shown: (k: number, a = 'u') => `${a}.n_times[${2 * k - 1}]`,
  goal: (k: number, a = 'u') => `${a}.n_times[${2 * k}]`,
  flags: (k: number, a = 'u') => `${a}.n_flags[${k}]`,
}
