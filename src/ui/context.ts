// What every component receives: words, formatters, the view and the actions. Types only.
import type { Actions, View } from './controller'
import type { Format } from './format'
import type { UiStrings } from './strings'

export interface Ctx {
  s: UiStrings
  f: Format
  view: View
  act: Actions
}
