// The JSON each figure answers (the server's types; type-only, so none of its code comes along).
import type { Accounts, AtRisk, EscalationLog, Funnel, MilestoneFigure, NudgeFigure, Outcomes, SegmentValues, Summary, SurveyFigure } from '../server'

/** Every answer also says which journey and which moment it is about. */
export interface About {
  journey: string
  now: number
}

/** `segments`: the traits the figures can be cut by; `columns`: the traits the lists show. */
export type SummaryAnswer = About & Summary & { segments: string[]; columns: string[] }
export type FunnelAnswer = About & Funnel
export type MilestonesAnswer = About & { milestones: MilestoneFigure[] }
export type NudgesAnswer = About & { nudges: NudgeFigure[] }
export type AtRiskAnswer = About & AtRisk
export type EscalationsAnswer = About & EscalationLog
export type SegmentsAnswer = About & { segments: SegmentValues[] }
export type AccountsAnswer = About & Accounts
export type SurveyAnswer = About & { survey: SurveyFigure[] }
export type OutcomesAnswer = About & Outcomes
export type { AccountRow, AtRiskRow, EscalationRow, FunnelSegment, MilestoneFigure, NudgeFigure, Retention, SegmentValues, SurveyFigure } from '../server'
