/** The result banner may read as permission to enter only for a green code. */
import { isCheckinAccount, resultBanner } from '../../src/services/checkin-outcome'
import type { DemoAccount } from '../../src/shared/api'

test('green: 入场登记成功', () => {
  expect(resultBanner('green')).toBe('场所码 · 入场登记成功')
})

test.each(['yellow', 'red'] as const)('%s: recorded, but the holder waits for the inspector', (status) => {
  const text = resultBanner(status)
  expect(text).toBe('已登记 · 请配合工作人员核验')
  expect(text).not.toContain('成功')
})

test('only citizens are offered for signing in on the check-in page', () => {
  const account = (role: DemoAccount['role']): DemoAccount => ({ id: 'citizen', label: role, role, nameMasked: '张*' })
  expect(isCheckinAccount(account('citizen'))).toBe(true)
  for (const role of ['venue_admin', 'inspector', 'official'] as const) expect(isCheckinAccount(account(role))).toBe(false)
})
