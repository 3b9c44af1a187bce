// A quiet button for what cannot be undone (Skip a step, Hide the checklist): it asks first, then
// offers the act and "Keep it". `mark` names it for focus: `data-first` on the button, `data-sure`
// on the act, so focus lands on the act when asked and back on the button when kept.
import type { Ctx } from './context'

export interface AskFirstProps {
  ctx: Ctx
  /** A step's id, or '' for the checklist (no step id is empty). */
  mark: string
  label: string
  question: string
  yes: string
  /** Does it: called on the act's button. */
  onYes: () => void
  /** The id of what it acts on (a step's title), describing the button and the act. */
  about?: string
}

export const AskFirst = ({ ctx: { s, act, view }, mark, label, question, yes, onYes, about }: AskFirstProps) =>
  view.sure === mark
    ? (
      <>
        <span>{question}</span>
        <button type="button" class="ln" data-sure={mark} aria-describedby={about} onClick={onYes}>{yes}</button>
        <button type="button" class="ln" onClick={() => act.askFirst(null)}>{s.keep}</button>
      </>
    )
    : <button type="button" class="ln" data-first={mark} aria-describedby={about} onClick={() => act.askFirst(mark)}>{label}</button>
