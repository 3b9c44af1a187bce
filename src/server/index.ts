/**
 * `milepost/server`: the sync endpoint as a Fetch-API handler, its stores, a Node adapter, the
 * escalation webhook forwarder and the figures dashboard. `pg` and `@electric-sql/pglite` load only
 * when their store is used.
 */
export { createSyncHandler } from './handler'
export type { Caller, SyncHandler, SyncHandlerOptions } from './handler'
export type { AllowOrigin } from './http'
export { createMemoryStore } from './memory-store'
export { createPgliteStore } from './pglite-store'
export type { PgliteStoreOptions } from './pglite-store'
export { createPostgresStore } from './postgres-store'
export type { PgClientLike, PgPoolLike, PostgresStoreOptions } from './postgres-store'
export { createSqlStore } from './sql-store'
export type { SqlStoreOptions } from './sql-store'
export type { Query, SqlDriver } from './sql'
export { DELEGATED, noticeKind } from './store'
export type {
  ErasedUser, IngestInput, IngestResult, NoticeEvent, NoticeKind, OwnerEvent, OwnerReason, PendingNotice, Settlement, Subject, SyncStore, WatchedUser,
  WatchOptions, WatchOutcome, WatchPlan,
} from './store'
export { describeNotice } from './notice'
export type { JourneyLookup, Notice, NoticeContext, NoticeEvents, NoticeMilestone } from './notice'
export type { SubjectView } from './subject'
export { toNodeListener } from './node'
export type { NodeListener, NodeListenerOptions, NodeRequest, NodeResponse } from './node'
export { createDashboardHandler } from './dashboard'
export type { DashboardOptions } from './dashboard'
export type { AccountChanges, AccountMember, AccountMilestone, AccountRow, Accounts } from './figures/accounts'
export type { AtRisk, AtRiskMilestone, AtRiskRow } from './figures/at-risk'
export type { EscalationLog, EscalationRow } from './figures/escalations'
export type { Spread } from './figures/figure'
export type { Funnel, FunnelAudience, FunnelSegment, FunnelStep } from './figures/funnel'
export type { MilestoneFigure } from './figures/milestones'
export type { NudgeFigure, NudgeGroup } from './figures/nudges'
export type { Outcomes, Retention } from './figures/outcomes'
export type { SegmentValues } from './figures/segments'
export type { Summary } from './figures/summary'
export type { SurveyFigure } from './figures/survey'
export { csvCell, toCsv } from './csv'
export { createWatcher } from './watcher'
export type { Watcher, WatcherOptions } from './watcher'
export type { CoveredLevel } from './notices'
export { createWebhookForwarder } from './webhook'
export { signWebhook, verifyWebhook } from './signature'
export type { VerifyWebhookOptions, WebhookHeaders } from './signature'
export type { WebhookForwarder, WebhookForwarderOptions } from './webhook'
export {
  MAX_BODY_BYTES, MAX_BYTES, MAX_EVENTS, MAX_SKEW_MS, PROTOCOL,
  isProgressResponse, isSyncResponse, parseSyncRequest, parseSyncResponse,
} from '../protocol'
export type { ErrorBody, ParsedSyncRequest, ProgressResponse, Rejection, SyncRequest, SyncResponse } from '../protocol'
