/**
 * `milepost/react`: a provider and a hook over `createMilepost()`, safe in server rendering. React
 * (18 or later) is an optional peer dependency of the package, needed only for this entry.
 */
export { MilepostProvider } from './provider'
export type { MilepostProviderProps } from './provider'
export { useMilepost } from './use-milepost'
export type { Milepost, MilepostOptions, MilepostState } from '../runtime/api'
