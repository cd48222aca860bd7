/** 本次同行人员: last time's companions preselected, the holder always counted. */
import { confirmLabel, initialChoice, toggleChoice, type ChoosableCompanion } from '../../src/services/companion-choice'

const list: ChoosableCompanion[] = [
  { personId: 'p1', nameMasked: '张*', relation: 'parent', lastChosen: false, idLast4: '1234' },
  { personId: 'p2', nameMasked: '张**', relation: 'child', lastChosen: true, idLast4: '5678' },
  { personId: 'p3', nameMasked: '王*', relation: 'spouse', lastChosen: true, idLast4: '9012' }
]

test('whoever came along last time is ticked to begin with, in list order', () => {
  expect(initialChoice(list)).toEqual(['p2', 'p3'])
  expect(initialChoice(list.map((c) => ({ ...c, lastChosen: false })))).toEqual([])
})

test('ticking and unticking keeps list order and ignores people not in the list', () => {
  expect(toggleChoice(['p3'], 'p1', list)).toEqual(['p1', 'p3'])
  expect(toggleChoice(['p1', 'p3'], 'p3', list)).toEqual(['p1'])
  expect(toggleChoice(['p1'], 'gone', list)).toEqual(['p1'])
})

test('the button counts the holder too', () => {
  expect(confirmLabel([])).toBe('确认登记（1人）')
  expect(confirmLabel(['p2', 'p3'])).toBe('确认登记（3人）')
})
