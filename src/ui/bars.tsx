// Progress as SVG geometry (attributes, not styles): nothing for a strict CSP to block.

/** A labelled progress bar carrying its value for assistive technology. */
export const Bar = ({ value, label }: { value: number; label: string }) => (
  <div class="br" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={value}>
    <svg aria-hidden="true" preserveAspectRatio="none">
      <rect width={`${value}%`} height="100%" />
    </svg>
  </div>
)

/**
 * The launcher's ring; `pathLength` 100 makes the dash length the percentage. At 0 % there is no
 * arc at all (a zero-length dash with round caps would draw a dot).
 */
export const Ring = ({ value }: { value: number }) => (
  <svg class="rg" viewBox="0 0 36 36" aria-hidden="true">
    <circle cx="18" cy="18" r="15" />
    {value > 0 && <circle cx="18" cy="18" r="15" pathLength={100} stroke-dasharray={`${value} 100`} />}
  </svg>
)
