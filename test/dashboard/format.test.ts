import { describe, expect, it } from 'vitest'
import { ago, plural } from '../../src/dashboard/format'

const at = (iso: string) => Date.parse(iso)

describe('ago: calendar days on the reader clock', () => {
  it('activity at 23:00 read at 08:00 the next morning is yesterday, not today (bb-r31)', () => {
    const seen = at('2026-11-04T04:00:00Z') // 23:00 on Nov 3 in New York
    expect(ago(seen, at('2026-11-04T13:00:00Z'), 'America/New_York')).toBe('yesterday') // 08:00 on Nov 4
    expect(ago(seen, at('2026-11-04T04:30:00Z'), 'America/New_York')).toBe('today')
    expect(ago(seen, at('2026-11-06T05:05:00Z'), 'America/New_York')).toBe('3 days ago') // 00:05 on Nov 6
  })

  it('counts a 23-hour day (daylight saving starts) as one day', () => {
    // 2026-03-08 is 23 hours long in New York: noon on the 7th to 11:00 on the 9th is 46 hours.
    expect(ago(at('2026-03-07T17:00:00Z'), at('2026-03-09T15:00:00Z'), 'America/New_York')).toBe('2 days ago')
    expect(ago(at('2026-03-08T05:30:00Z'), at('2026-03-09T04:10:00Z'), 'America/New_York')).toBe('yesterday')
  })

  it('reads the same two instants by the reader zone; the browser zone by default', () => {
    const seen = at('2026-11-03T13:00:00Z')
    const now = at('2026-11-03T22:00:00Z')
    expect(ago(seen, now, 'UTC')).toBe('today')
    expect(ago(seen, now, 'Australia/Sydney')).toBe('today') // 00:00 and 09:00 on Nov 4
    expect(ago(seen, now, 'Asia/Tokyo')).toBe('yesterday') // 22:00 on Nov 3, 07:00 on Nov 4
    const here = Intl.DateTimeFormat().resolvedOptions().timeZone
    expect(ago(seen, now)).toBe(ago(seen, now, here))
    expect(ago(null, now)).toBe('—')
    expect(ago(now + 60_000, now)).toBe('today')
  })
})

describe('plural', () => {
  it('one, many, and counts in thousands', () => {
    expect([plural(0, 'user'), plural(1, 'user'), plural(2, 'user'), plural(1200, 'account'), plural(1, 'day', 'days')]).toEqual(['0 users', '1 user', '2 users', '1,200 accounts', '1 day'])
  })
})
