// "Ask a teammate": hand a step to a colleague by name or email, with a short note.
import type { Ctx } from './context'

export const Delegate = ({ stepId, ctx: { s, act } }: { stepId: string; ctx: Ctx }) => (
  <form
    class="dg"
    onSubmit={(e) => {
      e.preventDefault()
      act.send(stepId, e.currentTarget)
    }}
  >
    <label>{s.askWho}<input name="to" required maxLength={200} autoComplete="off" /></label>
    <label>{s.askNote}<textarea name="note" maxLength={500} rows={2} /></label>
    <div class="ac">
      <button class="bt">{s.send}</button>
      <button type="button" class="ln" onClick={() => act.ask(null)}>{s.cancel}</button>
    </div>
  </form>
)
