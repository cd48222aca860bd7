/**
 * 首页: the three things people come for (scan, apply, my codes) as large buttons, 我的 (实名信息,
 * 同行人员, 我的扫码记录, and 辅助登记 for inspectors and venue admins), plus the demo sign-in on
 * HTTP platforms. A 风险提示 comes first of all when an official's trace found an entry of the
 * holder or a companion overlapping a case's stay; then 实名核验 (IdentityCard: the notice that
 * another account took this person over, 去核验 for typed but unverified 实名信息, 同行人员 requests
 * waiting). The holder's colour is shown only once verified. Data: whoAmI (session), myVenues for
 * venue admins, entries.risks (RiskCard), people.companionRequests (IdentityCard), official.scope
 * (OfficialCard), inspector.venues and alert.list (GateCard).
 */
import Taro, { useDidShow } from '@tarojs/taro'
import { View, Text, Button, Switch } from '@tarojs/components'
import { useCallback, useEffect, useState } from 'react'
import type { Me, MyVenuesResponse } from '../../shared/api'
import { callFunction } from '../../services/cloud'
import { DEMO_LOGIN_PLATFORM, loadMe, signOut } from '../../services/session'
import { useElderMode } from '../../services/elder-mode'
import { venueLinks } from '../../services/venue-manage'
import { profileLinkText } from '../../services/identity-view'
import AlipaySignIn from '../../components/AlipaySignIn'
import DemoAccounts, { describeMe } from '../../components/DemoAccounts'
import GateCard from '../../components/GateCard'
import IdentityCard from '../../components/IdentityCard'
import OfficialCard from '../../components/OfficialCard'
import RiskCard from '../../components/RiskCard'
import './index.css'

type VenueItem = MyVenuesResponse['venues'][number]

/** 辅助登记 is for the people at a venue's door: its inspectors and its admin. */
function canAssist(me: Me): boolean {
  return me.roles.includes('inspector') || me.roles.includes('venue_admin')
}

export default function Index() {
  const [me, setMe] = useState<Me | null>(null)
  const [venues, setVenues] = useState<VenueItem[] | null>(null)
  const [venueError, setVenueError] = useState('')
  const [elder, setElder] = useElderMode()

  const refresh = useCallback(async () => {
    const who = await loadMe()
    setMe(who)
    if (!who) { setVenues(null); return }
    const res = await callFunction('myVenues', {})
    if (res.ok) { setVenues(res.data.venues); setVenueError('') } else { setVenues(null); setVenueError(res.message) }
  }, [])

  // Mount covers tests and first load; didShow refreshes after coming back from 申领.
  useEffect(() => { refresh() }, [refresh])
  useDidShow(() => { refresh() })

  const go = (url: string) => Taro.navigateTo({ url })

  return (
    <View className={`page home${elder ? ' elder' : ''}`}>
      {me ? <RiskCard me={me} /> : null}
      {me ? <IdentityCard me={me} /> : null}
      <View className='home__hero'>
        <Text className='home__title'>场所码</Text>
        <Text className='home__subtitle'>扫码登记 · 无需填写个人信息</Text>
      </View>

      <Button className='btn btn--primary home__scan' onClick={() => go('/pages/scan/index')}>扫一扫</Button>
      <Button className='btn btn--ghost' onClick={() => go('/pages/apply/index')}>申领场所码</Button>

      {me ? (
        <View className='card home__mine'>
          <Text className='section-title'>我的</Text>
          <View className={`home__link home__link--profile${me.identity === 'verified' ? '' : ' home__link--missing'}`} onClick={() => go('/pages/profile/index')}>
            <Text className='home__link-label'>实名信息</Text>
            <Text className='home__link-value'>{profileLinkText(me)}</Text>
          </View>
          <View className='home__link home__link--companions' onClick={() => go('/pages/companions/index')}>
            <Text className='home__link-label'>同行人员</Text>
            <Text className='home__link-value'>没有手机的家人 ›</Text>
          </View>
          <View className='home__link home__link--entries' onClick={() => go('/pages/entries/index')}>
            <Text className='home__link-label'>我的扫码记录</Text>
            <Text className='home__link-value'>›</Text>
          </View>
          {canAssist(me) ? (
            <View className='home__link home__link--assist' onClick={() => go('/pages/assist/index')}>
              <Text className='home__link-label'>辅助登记</Text>
              <Text className='home__link-value'>为没有手机的人员登记 ›</Text>
            </View>
          ) : null}
        </View>
      ) : null}

      {me ? (
        <View className='card home__venues'>
          <Text className='section-title'>我的场所码</Text>
          {venueError ? <Text className='banner-error'>{venueError}</Text> : null}
          {venues && venues.length === 0 ? <Text className='muted'>还没有场所码，点击“申领场所码”即可申领</Text> : null}
          {(venues ?? []).map(({ venue, code }) => (
            <View
              key={venue.id}
              className='home__venue'
              data-venue-id={venue.id}
              onClick={() => go(venueLinks.manage(venue.id))}
            >
              <Text className='home__venue-name'>{venue.name}</Text>
              <Text className='muted home__venue-addr'>{venue.fullAddress}</Text>
              <Text className='muted'>{code.checkpointName} · 场所管理 ›</Text>
            </View>
          ))}
        </View>
      ) : null}

      {me ? <OfficialCard me={me} /> : null}

      {me ? <GateCard me={me} /> : null}

      {DEMO_LOGIN_PLATFORM ? (
        <View className='card home__me'>
          {me ? (
            <View className='home__signed-in'>
              <Text className='muted'>当前登录</Text>
              <Text className='home__me-line'>{describeMe(me)}</Text>
              <Button className='btn btn--ghost home__signout' onClick={() => { signOut(); setMe(null); setVenues(null) }}>退出登录</Button>
            </View>
          ) : (
            <View>
              <Text className='muted'>未登录</Text>
              <AlipaySignIn onSignedIn={() => { refresh() }} />
            </View>
          )}
        </View>
      ) : null}
      {DEMO_LOGIN_PLATFORM ? <DemoAccounts title={me ? '切换演示账号' : '演示账号'} onSignedIn={() => { refresh() }} /> : null}

      <View className='card home__elder'>
        <Text className='home__elder-label'>长辈模式（大字）</Text>
        <Switch checked={elder} color='#1677ff' nativeProps={{ 'aria-label': '长辈模式（大字）' }} onChange={(e) => setElder(!!e.detail.value)} />
      </View>

      <Text className='muted home__notice'>扫描“场所码”后无需填写任何个人信息。凡要求填写身份证号、手机号等信息的二维码，均非官方场所码，谨防诈骗。</Text>
    </View>
  )
}
