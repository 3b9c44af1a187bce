// Shared by the browser benchmarks (test/bench/ui.mjs, tour.mjs): the median of a sample, the
// mean of the two middle values when the count is even; NaN for none.
export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length ? (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2 : NaN
}
