import { overlapMinutes, roundedMinutes, unionMs } from '../../server/domain/trace-overlap'

const S = 1000
const M = 60 * S

describe('a contact\'s overlap with a stay of the case', () => {
  it('rounds to the nearest minute, a half minute up, as Corona-Warn-App does', () => {
    expect(roundedMinutes(5 * M + 15 * S)).toBe(5)
    expect(roundedMinutes(5 * M + 29_999)).toBe(5)
    expect(roundedMinutes(5 * M + 30 * S)).toBe(6)
    expect(roundedMinutes(5 * M + 45 * S)).toBe(6)
    expect(roundedMinutes(90 * M)).toBe(90)
    // Under half a minute is 0 minutes (still a contact: the page says 不足1分钟).
    expect(roundedMinutes(29 * S)).toBe(0)
    expect(roundedMinutes(1)).toBe(0)
    expect(roundedMinutes(30 * S)).toBe(1)
    expect(roundedMinutes(0)).toBe(0)
  })

  it('counts time covered by two entries once, and gaps between them not at all', () => {
    // Two scans overlapping: 10–20 and 15–30 minutes are 20 minutes, not 25.
    expect(overlapMinutes([{ from: 10 * M, to: 20 * M }, { from: 15 * M, to: 30 * M }])).toBe(20)
    // Left and came back: 0–5 and 40–50 are 15 minutes.
    expect(overlapMinutes([{ from: 40 * M, to: 50 * M }, { from: 0, to: 5 * M }])).toBe(15)
    // One inside another, touching ends, an empty piece.
    expect(unionMs([{ from: 0, to: 60 * M }, { from: 10 * M, to: 20 * M }])).toBe(60 * M)
    expect(unionMs([{ from: 0, to: 10 * M }, { from: 10 * M, to: 20 * M }])).toBe(20 * M)
    expect(unionMs([{ from: 5 * M, to: 5 * M }])).toBe(0)
    expect(unionMs([])).toBe(0)
    // The union is rounded, not each piece: 2 × 20 s apart is 40 s, 1 minute (each alone would be 0).
    expect(overlapMinutes([{ from: 0, to: 20 * S }, { from: M, to: M + 20 * S }])).toBe(1)
  })
})
