// Public surface of milepost/ui: the only entry that pulls in preact and @floating-ui/dom.
export { mountUi } from './mount'
export type { MountUiOptions } from './mount'
export { defaultStrings } from './strings'
export type { UiStrings } from './strings'
export type { UiEvent, UiInstance, UiInstanceOptions, UiState, UiTheme, UiThemeMode } from './instance'
