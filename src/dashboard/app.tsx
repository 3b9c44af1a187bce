// The dashboard page: the journey and segment pickers, then one section per figure, each loaded
// from its JSON API with the filters, each with its CSV download.
import { useState } from 'preact/hooks'
import { AccountList, ACCOUNT_VIEW, accountParams } from './accounts'
import type { AccountView } from './accounts'
import type { Api, Params } from './api'
import { AtRiskList, RISK_VIEW, riskParams } from './at-risk'
import type { RiskView } from './at-risk'
import { EscalationLog } from './escalations'
import type { LogKind } from './escalations'
import { SegmentFilter, segmentParams } from './filters'
import type { Chosen } from './filters'
import { dateTime } from './format'
import { FunnelChart } from './funnel'
import { MilestoneChart, MilestoneTable } from './milestones'
import { NudgeChart, NudgeTable } from './nudges'
import { OutcomeCards, RetentionTable } from './outcomes'
import { Section } from './section'
import { Status } from './svg'
import { SummaryCards } from './summary'
import { SurveyChart, SurveyTable } from './survey'
import type {
  AccountsAnswer, AtRiskAnswer, EscalationsAnswer, FunnelAnswer, MilestonesAnswer, NudgeFigure, NudgesAnswer, OutcomesAnswer, SegmentsAnswer,
  SummaryAnswer, SurveyAnswer,
} from './types'
import { useFigure } from './use-figure'

export const App = ({ api }: { api: Api }) => {
  const journeys = useFigure<{ journeys: Array<{ id: string; title: string }> }>(api, 'journeys', [])
  const [picked, setPicked] = useState<string | null>(null)
  const [chosen, setChosen] = useState<Chosen>({})
  const [by, setBy] = useState('')
  const [risk, setRisk] = useState<RiskView>(RISK_VIEW)
  const [accountView, setAccountView] = useState<AccountView>(ACCOUNT_VIEW)
  const [kind, setKind] = useState<LogKind>('escalation')
  const list = journeys.data?.journeys ?? []
  const id = picked ?? list[0]?.id ?? ''
  const skip = !id
  const base: Params = [['journey', id], ...segmentParams(chosen)]
  const funnelParams: Params = [...base, ...(by ? [['by', by] as const] : [])]
  const riskQuery: Params = [...base, ...riskParams(risk)]
  const logQuery: Params = [...base, ['kind', kind]]
  const accountQuery: Params = [...base, ...accountParams(accountView)]
  const accounts = useFigure<AccountsAnswer>(api, 'accounts', accountQuery, skip)
  const summary = useFigure<SummaryAnswer>(api, 'summary', base, skip)
  const segments = useFigure<SegmentsAnswer>(api, 'segments', [['journey', id]], skip)
  const funnel = useFigure<FunnelAnswer>(api, 'funnel', funnelParams, skip)
  const milestones = useFigure<MilestonesAnswer>(api, 'milestones', base, skip)
  const nudges = useFigure<NudgesAnswer>(api, 'nudges', base, skip)
  const atRisk = useFigure<AtRiskAnswer>(api, 'at-risk', riskQuery, skip)
  const log = useFigure<EscalationsAnswer>(api, 'escalations', logQuery, skip)
  const survey = useFigure<SurveyAnswer>(api, 'survey', base, skip)
  const outcomes = useFigure<OutcomesAnswer>(api, 'outcomes', base, skip)
  const ms = milestones.data?.milestones ?? []
  const goal = (n: NudgeFigure) => (n.milestone ? ms.find((m) => m.id === n.milestone)?.title ?? n.milestone : 'the whole journey')
  const traits = summary.data?.segments ?? []
  const columns = summary.data?.columns ?? []
  const journey = list.find((j) => j.id === id)
  const title = (mid: string) => ms.find((m) => m.id === mid)?.title ?? mid

  return (
    <div class="page">
      <header class="top">
        <h1>Onboarding figures{journey ? <span>: {journey.title}</span> : null}</h1>
        <p class="muted">{summary.data ? `As of ${dateTime(summary.data.now)}` : ''}</p>
        {list.length > 1 ? (
          <label>Journey <select value={id} onChange={(e) => (setPicked(e.currentTarget.value), setChosen({}), setRisk(RISK_VIEW), setAccountView(ACCOUNT_VIEW))}>
            {list.map((j) => <option value={j.id}>{j.title}</option>)}
          </select></label>
        ) : null}
      </header>
      <main>
        <Status error={journeys.error} loading={journeys.loading && !journeys.data} />
        {segments.data ? <SegmentFilter segments={segments.data.segments} chosen={chosen} set={(c) => (setChosen(c), setRisk({ ...risk, offset: 0 }), setAccountView({ ...accountView, offset: 0 }))} /> : null}

        <Section id="accounts" title="Morning worklist: accounts at risk" csv={api.csv('accounts', accountQuery.filter(([k]) => k !== 'limit' && k !== 'offset'))}
          about="Accounts with an amber or red milestone now, worst first: the account's value × days late (amber accounts after the red ones). Each with the milestone that caused it, the escalation level reached, what changed in the last 24 hours and its members.">
          <Status error={accounts.error} loading={accounts.loading && !accounts.data} />
          {accounts.data ? <AccountList a={accounts.data} view={accountView} set={setAccountView} title={title} /> : null}
        </Section>

        <Status error={summary.error} loading={summary.loading && !summary.data} />
        {summary.data ? <SummaryCards s={summary.data} /> : null}

        <Section id="funnel" title="Funnel" csv={api.csv('funnel', funnelParams)}
          about="One funnel per audience (the steps its users get), every step in journey order. Reached: did every required step before it; completed: did this one too (or skipped it); drop-off: reached it and stopped there.">
          {traits.length ? (
            <label class="inline">Compare by <select value={by} onChange={(e) => setBy(e.currentTarget.value)}>
              <option value="">Nothing: one funnel per audience</option>{traits.map((t) => <option value={t}>{t}</option>)}
            </select></label>
          ) : null}
          <Status error={funnel.error} loading={funnel.loading && !funnel.data} />
          <div class="multiples">{funnel.data?.segments.map((s) => <FunnelChart segment={s} by={funnel.data!.by} />)}</div>
        </Section>

        <Section id="milestones" title="Time to milestone" csv={api.csv('milestones', base)}
          about="Days from day 0 (the signedUpAt trait, else first seen) to the milestone done, over the users who have done it; the line marks its due day.">
          <Status error={milestones.error} loading={milestones.loading && !milestones.data} />
          <div class="multiples">{ms.map((m) => <MilestoneChart m={m} />)}</div>
          {ms.length ? <MilestoneTable ms={ms} /> : null}
        </Section>

        <Section id="nudges" title="Nudges" csv={api.csv('nudges', base)}
          about="Who each nudge was shown to and what they did next: the first required step of its goal open at the first show, and the goal itself, against the users it was for but never shown to (an observation, not an experiment).">
          <Status error={nudges.error} loading={nudges.loading && !nudges.data} />
          <div class="multiples">{nudges.data?.nudges.map((n) => <NudgeChart n={n} goal={goal(n)} />)}</div>
          {nudges.data?.nudges.length ? <NudgeTable ns={nudges.data.nudges} goal={goal} /> : null}
        </Section>

        <Section id="outcomes" title="Nudges and completion, retention" csv={api.csv('outcomes', base)}
          about="The journey done by users shown any nudge against users never shown one, and the days from their first nudge to done (an observation: nudges go to users who stall). Retention: of the users who did a milestone at least N days ago, the share seen again N or more days after it.">
          <Status error={outcomes.error} loading={outcomes.loading && !outcomes.data} />
          {outcomes.data ? <><OutcomeCards o={outcomes.data} /><RetentionTable o={outcomes.data} /></> : null}
        </Section>

        <Section id="survey" title="Milestone survey" csv={api.csv('survey', base)}
          about="The answers to the celebration's question when a milestone is done (1 to 5): how many, the average, the standard deviation and how many gave each score.">
          <Status error={survey.error} loading={survey.loading && !survey.data} />
          <div class="multiples">{survey.data?.survey.filter((s) => s.answers > 0).map((s) => <SurveyChart s={s} />)}</div>
          {survey.data ? <SurveyTable ss={survey.data.survey} /> : null}
        </Section>

        <Section id="at-risk" title="Users at risk" csv={api.csv('at-risk', riskQuery.filter(([k]) => k !== 'limit' && k !== 'offset'))}
          about="Every amber (at risk) and red (overdue, blocked) milestone now, with the engine's reason, days past due, the user's last activity and the escalation level reached.">
          <Status error={atRisk.error} loading={atRisk.loading && !atRisk.data} />
          {atRisk.data ? <AtRiskList a={atRisk.data} view={risk} set={setRisk} milestones={ms} columns={columns.filter((c) => !traits.includes(c))} /> : null}
        </Section>

        <Section id="escalations" title="Escalation log" csv={api.csv('escalations', logQuery)}
          about="Each notice as the server stored it (escalations, steps handed to a colleague, milestone owners told), newest first, and whether the webhook has delivered it.">
          <label class="inline">Show <select value={kind} onChange={(e) => setKind(e.currentTarget.value as LogKind)}>
            <option value="escalation">Escalations</option><option value="delegate">Steps handed to a colleague</option>
            <option value="owner">Milestone owners told</option>
          </select></label>
          <Status error={log.error} loading={log.loading && !log.data} />
          {log.data ? <EscalationLog a={log.data} kind={kind} columns={columns} /> : null}
        </Section>
      </main>
    </div>
  )
}
