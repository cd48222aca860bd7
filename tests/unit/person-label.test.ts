import { personDetail, personLabel, removeCompanionQuestion } from '../../src/services/person-label'
import { idCardLast4 } from '../../src/shared/mask'

describe('a family member is named so that 周** and 周** can be told apart', () => {
  it('names the masked name, the relation and the last four ID digits', () => {
    expect(personLabel('周**', '父母', '1234')).toBe('周** · 父母 · 1234')
    expect(personDetail('子女', '567X')).toBe('子女 · 567X')
  })

  it('leaves out the digits when the caller is not sent them', () => {
    expect(personLabel('周**', '辅助登记', null)).toBe('周** · 辅助登记')
    expect(personDetail('本人', undefined)).toBe('本人')
  })

  it('takes the last four from an ID number or its masked form alike', () => {
    expect(idCardLast4('37010219900101123X')).toBe('123X')
    expect(idCardLast4('3701**********1234')).toBe('1234')
  })
})

test('deleting a companion names them as a 同行人员, the relation in brackets (其他 is not read as a word)', () => {
  expect(removeCompanionQuestion('王**', '其他', '1234')).toBe('确定删除同行人员 王**（其他 · 1234）？已有的扫码记录不受影响。')
})
