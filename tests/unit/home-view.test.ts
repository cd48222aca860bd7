/** 首页 by role: the holder's own status line, and which cards and links each account gets. */
import { homeCards, offersElderMode, ownStatus } from '../../src/services/home-view'

describe('the own status line', () => {
  test('a verified holder sees their colour', () => {
    expect(ownStatus({ healthStatus: 'red', identity: 'verified', identityProvider: 'demo' })).toEqual({ kind: 'colour', status: 'red', label: '红码' })
  })
  test('typed but unverified: 身份未核验 with 去核验 where this deployment has a provider', () => {
    expect(ownStatus({ healthStatus: null, identity: 'unverified', identityProvider: 'wechat' })).toEqual({ kind: 'unverified', label: '身份未核验', action: '去核验' })
    expect(ownStatus({ healthStatus: null, identity: 'unverified', identityProvider: null })).toMatchObject({ action: null })
  })
  test('no 实名信息: 未实名 with 去填写', () => {
    expect(ownStatus({ healthStatus: null, identity: 'none', identityProvider: 'demo' })).toEqual({ kind: 'none', label: '未实名', action: '去填写' })
  })
})

describe('cards by role', () => {
  test('a plain citizen: no venue or gate card; 申领场所码 and 绑定场所 as links', () => {
    expect(homeCards({ roles: ['citizen'] }, 0)).toEqual({ venues: false, gate: false, applyLink: true, bindLink: true })
  })
  test('an admin with venues: 我的场所码 and the gate card, no small links', () => {
    expect(homeCards({ roles: ['citizen', 'venue_admin'] }, 1)).toEqual({ venues: true, gate: true, applyLink: false, bindLink: false })
  })
  test('an inspector: the gate card (with 绑定场所), 申领场所码 as a link', () => {
    expect(homeCards({ roles: ['citizen', 'inspector'] }, 0)).toEqual({ venues: false, gate: true, applyLink: true, bindLink: false })
  })
  test('an official without venues: neither venue nor gate card', () => {
    expect(homeCards({ roles: ['citizen', 'official'] }, 0)).toMatchObject({ venues: false, gate: false })
  })
})

test('长辈模式 is offered once: not when on, not once answered', () => {
  expect(offersElderMode(false, false)).toBe(true)
  expect(offersElderMode(true, false)).toBe(false)
  expect(offersElderMode(false, true)).toBe(false)
})
