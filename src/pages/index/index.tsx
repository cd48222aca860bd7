/**
 * 首页 by role (issue 17): first screen = the title with the 长辈模式 switch, the holder's own
 * colour (or 身份未核验 with 去核验, or 未实名), 扫一扫, and under it the merged 风险提示 (one row
 * per venue, 我已知晓), 健康码变更 of the holder and companions with 申诉 (StatusNoticeCard) and the
 * once-only 长辈模式 offer. Then 实名核验 notices (IdentityCard),
 * 我的 (实名信息, 同行人员, 我的扫码记录, 辅助登记 for venue staff), and only the role cards the
 * account has: 我的场所码 for admins (each venue once, with 场所管理 and 检测), 场所检测 for venue
 * staff (GateCard, the admin's own venues left to 我的场所码), 防控 for officials (OfficialCard).
 * 申领场所码 and 绑定场所 stay reachable for everyone as small links. Demo sign-in on HTTP
 * platforms. Data: whoAmI (session; the colour only for verified accounts), myVenues for venue
 * admins, entries.risks (RiskCard), people.companionRequests (IdentityCard), official.scope
 * (OfficialCard), people.statusNotices (StatusNoticeCard), inspector.venues and alert.list (GateCard). A scan kept on this device that the
 * server refused on upload (a forged code) or that waited past 24 hours is told at the top, until
 * 知道了; the colour whoAmI gives is remembered for the 已保存 screen, and forgotten at 退出登录.
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
import { ELDER_OFFER_KEY, homeCards, offersElderMode, ownStatus } from '../../services/home-view'
import { forgetDeviceScans, rememberOwnStatus } from '../../services/scan-queue-device'
import { useKeptScans } from '../../services/use-kept-scans'
import AlipaySignIn from '../../components/AlipaySignIn'
import DemoAccounts, { describeMe } from '../../components/DemoAccounts'
import GateCard from '../../components/GateCard'
import IdentityCard from '../../components/IdentityCard'
import OfficialCard from '../../components/OfficialCard'
import RiskCard from '../../components/RiskCard'
import StatusNoticeCard from '../../components/StatusNoticeCard'
import { ScanNotices } from '../entries/KeptScans'
import './index.css'

type VenueItem = MyVenuesResponse['venues'][number]

/** 辅助登记 is for the people at a venue's door: its inspectors and its admin. */
function canAssist(me: Me): boolean {
  return me.roles.includes('inspector') || me.roles.includes('venue_admin')
}

function readOfferAnswered(): boolean {
  try { return !!Taro.getStorageSync(ELDER_OFFER_KEY) } catch { return false }
}

export default function Index() {
  const [me, setMe] = useState<Me | null>(null)
  const [venues, setVenues] = useState<VenueItem[] | null>(null)
  const [venueError, setVenueError] = useState('')
  const [elder, setElder] = useElderMode()
  const [offerAnswered, setOfferAnswered] = useState(readOfferAnswered)
  const kept = useKeptScans()

  const refresh = useCallback(async () => {
    const who = await loadMe()
    setMe(who)
    if (!who) { setVenues(null); return }
    rememberOwnStatus(who)
    // Only an admin has venues to list; everyone else is spared the call.
    if (!who.roles.includes('venue_admin')) { setVenues([]); setVenueError(''); return }
    const res = await callFunction('myVenues', {})
    if (res.ok) { setVenues(res.data.venues); setVenueError('') } else { setVenues(null); setVenueError(res.message) }
  }, [])

  // Mount covers tests and first load; didShow refreshes after coming back from 申领.
  useEffect(() => { refresh() }, [refresh])
  useDidShow(() => { refresh() })

  const go = (url: string) => Taro.navigateTo({ url })
  const answerOffer = (on: boolean) => {
    if (on) setElder(true)
    setOfferAnswered(true)
    try { Taro.setStorageSync(ELDER_OFFER_KEY, on ? 'on' : 'off') } catch { /* storage full: asked again next visit */ }
  }
  const setElderFromSwitch = (on: boolean) => {
    setElder(on)
    // Found the switch by themselves: the offer has nothing left to say.
    if (!offerAnswered) answerOffer(on)
  }

  const own = me ? ownStatus(me) : null
  const cards = me ? homeCards(me, venues?.length ?? 0) : null
  const smallLinks = !me || cards!.applyLink || cards!.bindLink

  return (
    <View className={`page home${elder ? ' elder' : ''}`}>
      <View className='home__hero'>
        <View className='home__hero-text'>
          <Text className='home__title'>场所码</Text>
          <Text className='home__subtitle'>扫码登记 · 无需填写个人信息</Text>
        </View>
        <View className='home__elder'>
          <Text className='home__elder-label'>长辈模式</Text>
          <Switch checked={elder} color='#0958d9' nativeProps={{ 'aria-label': '长辈模式（大字）' }} onChange={(e) => setElderFromSwitch(!!e.detail.value)} />
        </View>
      </View>

      {me && own ? (
        <View className={`home__status home__status--${own.kind === 'colour' ? own.status : own.kind}`}>
          <Text className='home__status-who'>{me.nameMasked}</Text>
          {own.kind === 'colour' ? (
            <View className={`home__status-chip health-status health-status--${own.status}`}><Text className='home__status-text'>{own.label}</Text></View>
          ) : (
            <View className='home__status-missing'>
              <Text className='home__status-label'>{own.label}</Text>
              {own.action ? (
                <Button className='btn btn--primary home__status-go' onClick={() => go('/pages/profile/index')}>{own.action}</Button>
              ) : null}
            </View>
          )}
        </View>
      ) : null}

      <ScanNotices notices={kept.notices} onDismiss={kept.dismiss} />

      <Button className='btn btn--primary home__scan' onClick={() => go('/pages/scan/index')}>扫一扫</Button>

      {offersElderMode(elder, offerAnswered) ? (
        <View className='home__elder-offer'>
          <Text className='home__elder-offer-text'>字太小？开启长辈模式</Text>
          <Button className='btn btn--primary home__elder-offer-on' onClick={() => answerOffer(true)}>开启</Button>
          <Button className='btn btn--ghost home__elder-offer-off' onClick={() => answerOffer(false)}>不用了</Button>
        </View>
      ) : null}

      {me ? <RiskCard me={me} /> : null}
      {me ? <StatusNoticeCard me={me} /> : null}
      {me ? <IdentityCard me={me} showVerify={false} /> : null}

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

      {venueError ? <Text className='banner-error'>{venueError}</Text> : null}
      {cards?.venues ? (
        <View className='card home__venues'>
          <Text className='section-title'>我的场所码</Text>
          {(venues ?? []).map(({ venue, code }) => (
            <View key={venue.id} className='home__venue-row'>
              <View className='home__venue' data-venue-id={venue.id} onClick={() => go(venueLinks.manage(venue.id))}>
                <Text className='home__venue-name'>{venue.name}</Text>
                <Text className='muted home__venue-addr'>{venue.fullAddress}</Text>
                <Text className='muted'>{code.checkpointName} · 场所管理 ›</Text>
              </View>
              <View className='home__venue-gate' data-venue-id={venue.id} onClick={() => go(`/inspect/gate/index?venueId=${encodeURIComponent(venue.id)}`)}>
                <Text>检测 ›</Text>
              </View>
            </View>
          ))}
          <View className='home__small-link home__apply-more' onClick={() => go('/pages/apply/index')}>
            <Text>申领场所码</Text>
          </View>
        </View>
      ) : null}

      {me ? <OfficialCard me={me} /> : null}

      {cards?.gate ? <GateCard me={me!} hideAdminVenues={cards.venues} /> : null}

      {smallLinks ? (
        <View className='home__small-links'>
          {!me || cards!.applyLink ? (
            <View className='home__small-link home__apply' onClick={() => go('/pages/apply/index')}><Text>申领场所码</Text></View>
          ) : null}
          {me && cards!.bindLink ? (
            // gate-card__bind: the name the browser tests bind a new inspector by.
            <View className='home__small-link gate-card__bind' onClick={() => go('/inspect/bind/index')}><Text>绑定场所（检测员）</Text></View>
          ) : null}
        </View>
      ) : null}

      {DEMO_LOGIN_PLATFORM ? (
        <View className='card home__me'>
          {me ? (
            <View className='home__signed-in'>
              <Text className='muted'>当前登录</Text>
              <Text className='home__me-line'>{describeMe(me)}</Text>
              <Button className='btn btn--ghost home__signout' onClick={() => { forgetDeviceScans(); signOut(); setMe(null); setVenues(null) }}>退出登录</Button>
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

      <Text className='muted home__notice'>扫描“场所码”后无需填写任何个人信息。凡要求填写身份证号、手机号等信息的二维码，均非官方场所码，谨防诈骗。</Text>
    </View>
  )
}
