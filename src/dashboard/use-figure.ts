// Loads one figure and reloads it when its parameters change; the last answer stays on screen
// while the next one loads, and an answer that arrives late for old parameters is dropped.
import { useEffect, useState } from 'preact/hooks'
import type { Api, Params } from './api'

export interface Loaded<T> {
  data: T | null
  error: string | null
  loading: boolean
}

export const useFigure = <T>(api: Api, figure: string, params: Params, skip = false): Loaded<T> => {
  const [state, setState] = useState<Loaded<T>>({ data: null, error: null, loading: !skip })
  const key = JSON.stringify([figure, params, skip])
  useEffect(() => {
    if (skip) return
    let current = true
    setState((s) => ({ ...s, loading: true, error: null }))
    api.get<T>(figure, params).then(
      (data) => current && setState({ data, error: null, loading: false }),
      (error: unknown) => current && setState({ data: null, error: error instanceof Error ? error.message : String(error), loading: false }),
    )
    return () => {
      current = false
    }
  }, [key])
  return state
}
