/**
 * 扫码结果: one visit = one check-in. Success is the blue screen of seed 002 (health status,
 * masked name, venue and address, live clock) for the inspector at the door, one card per
 * person entered; a code we did not issue is a full-screen warning. An account with 同行人员
 * first says who came along (本次同行人员); an account without 实名信息 is sent into the app to
 * record it and comes back to finish by itself. An account whose 实名信息 is typed but not
 * verified is entered all the same but shown no colour (a grey 身份未核验 card) with 去核验,
 * which leads to 实名信息 and back here, where the same scan then shows the colour. Anyone yellow or red is told in red, on a banner
 * over the group and on their card, not to go in; 离场 under the result ends the stay.
 *
 * This page never renders an input, in any state: a genuine code needs no personal data after
 * scanning (the anti-fraud promise). Even the companion ticks are plain views.
 * Data: the scanned text from the page query / launch options (launch-link.*) → parseVenueCode
 * locally → checkIn({ code, scanId }) with the raw text, then checkIn({ code, companionIds, scanId });
 * entries.checkOut. The scan id is made on the device once per visit, so every try of this scan
 * is one scan to the server. No answer, or the server too busy: the scan is kept on the device
 * (scan-queue-device.ts) and the page says 已保存，网络恢复后自动登记; when the queue uploads it
 * while the page is open, the page turns into the result (or the warning) by itself.
 */
import Taro, { useDidShow } from '@tarojs/taro'
import { View, Text, Button } from '@tarojs/components'
import { useCallback, useEffect, useRef, useState } from 'react'
import type { CheckInResponse, Fail } from '../../shared/api'
import { RELATION_LABELS } from '../../shared/api'
import { parseVenueCode } from '../../shared/venue-code'
import { formatShanghai } from '../../shared/time'
import { callFunction } from '../../services/cloud'
import { DEMO_LOGIN_PLATFORM } from '../../services/session'
import { getPageParams } from '../../services/page-params'
import { readScannedText } from '../../services/launch-link'
import { codeLinkRule } from '../../services/code-link-rule'
import {
  cardSize, checkOutIds, failureView, groupStop, isCheckinAccount, offersVerification, parseFailureView, personTag, resultBanner, signedOutView, worstStatus,
  type CheckinFailureView
} from '../../services/checkin-outcome'
import { confirmLabel, initialChoice, toggleChoice } from '../../services/companion-choice'
import { savedView } from '../../services/checkin-offline'
import { isRetryable, type QueuedScan } from '../../services/scan-queue'
import { newDeviceScanId, readLastKnownStatus, rememberStatusFromEntry, scanQueue } from '../../services/scan-queue-device'
import { personDetail } from '../../services/person-label'
import { readElderMode } from '../../services/elder-mode'
import { checkinOutcome } from '../../services/result-feedback'
import { useResultFeedback } from '../../services/use-result-feedback'
import ReadAloud from '../../components/ReadAloud'
import AlipaySignIn from '../../components/AlipaySignIn'
import DemoAccounts from '../../components/DemoAccounts'
import PersonStatusCard, { VenueHeader } from '../../components/PersonStatusCard'
import CheckOut from './CheckOut'
import OpenInApps from './OpenInApps'
import Saved from './Saved'
import './index.css'

type Choose = Extract<CheckInResponse, { kind: 'choose' }>
type Entered = Extract<CheckInResponse, { kind: 'entered' }>

type State =
  | { kind: 'loading' }
  | { kind: 'choose'; data: Choose; chosen: string[]; sending: boolean }
  | { kind: 'entered'; data: Entered }
  /** Kept on the device: `asked` when 本次同行人员 was answered before the try failed. */
  | { kind: 'saved'; scan: QueuedScan; fail: Fail; asked: boolean }
  | CheckinFailureView

function goHome() {
  Taro.reLaunch({ url: '/pages/index/index' })
}

export default function Checkin() {
  const [state, setState] = useState<State>({ kind: 'loading' })
  const scanned = useRef<string | null | undefined>(undefined)
  // One scan, one id and one time, whatever happens next (retries, sign-in, 实名信息, the queue).
  const scan = useRef<{ id: string; at: string } | null>(null)
  const started = useRef(false)
  // Set when this page sent the person into the app (实名信息, 同行人员): coming back retries.
  const awayFor = useRef<'profile' | 'companions' | null>(null)
  const elder = readElderMode()
  useResultFeedback(checkinOutcome(state))

  const checkIn = useCallback(async (companionIds?: string[]) => {
    if (scanned.current === undefined) scanned.current = readScannedText(getPageParams())
    const text = scanned.current
    // Not ours (or not a well-formed token): warn without telling any server what was scanned.
    if (!text || !parseVenueCode(text, codeLinkRule()).ok) {
      setState(parseFailureView())
      return
    }
    if (!scan.current) scan.current = { id: newDeviceScanId(), at: new Date().toISOString() }
    const scanId = scan.current.id
    if (!companionIds) setState({ kind: 'loading' })
    const res = await callFunction('checkIn', companionIds ? { code: text, companionIds, scanId } : { code: text, scanId })
    if (!res.ok && isRetryable(res)) {
      const kept = scanQueue.keep({ scanId, code: text, scannedAt: scan.current.at, companionIds: companionIds ?? [], lastKnown: readLastKnownStatus() }, res)
      setState({ kind: 'saved', scan: kept, fail: res, asked: !!companionIds })
      return
    }
    if (!res.ok && res.code === 'NOT_LOGGED_IN') {
      // Judge the code before asking anyone to sign in: a forged poster gets the warning.
      setState(signedOutView(await callFunction('codeInfo', { code: text }), DEMO_LOGIN_PLATFORM))
      return
    }
    if (!res.ok) { setState(failureView(res, DEMO_LOGIN_PLATFORM)); return }
    const data = res.data
    if (data.kind === 'entered') rememberStatusFromEntry(data.people)
    setState(data.kind === 'choose'
      ? { kind: 'choose', data, chosen: initialChoice(data.companions), sending: false }
      : { kind: 'entered', data })
  }, [])

  useEffect(() => {
    // Once per visit, even if React runs effects twice.
    if (started.current) return
    started.current = true
    checkIn()
  }, [checkIn])

  // The kept scan uploaded (or refused) while this page shows it: show what the server said.
  useEffect(() => scanQueue.subscribe((event) => {
    const mine = scan.current?.id
    if (!mine) return
    if (event.kind === 'done' && event.scanId === mine) {
      rememberStatusFromEntry(event.data.people)
      setState({ kind: 'entered', data: event.data })
    } else if (event.kind === 'dropped' && event.notice.scanId === mine) {
      // Said here, so not again on the home page.
      scanQueue.dismissNotices([mine])
      setState(failureView({ ok: false, code: event.notice.code ?? 'INTERNAL', message: event.notice.message }, DEMO_LOGIN_PLATFORM))
    }
  }), [])

  // Back from 实名信息 (saved) or 同行人员 (list changed): the check-in completes by itself.
  useDidShow(() => {
    if (!awayFor.current) return
    awayFor.current = null
    checkIn()
  })

  const leaveFor = (where: 'profile' | 'companions', url: string) => {
    awayFor.current = where
    Taro.navigateTo({ url })
  }

  const root = (kind: string) => `${kind}${elder ? ' elder' : ''}`

  if (state.kind === 'loading') {
    return (
      <View className={root('checkin checkin--loading')}>
        <Text className='checkin__loading'>正在核验场所码…</Text>
      </View>
    )
  }

  if (state.kind === 'warning') {
    return (
      <View className={root(`checkin-warning checkin-warning--${state.warning}`)}>
        <View className='checkin-warning__icon'><Text>!</Text></View>
        <Text className='checkin-warning__headline'>{state.headline}</Text>
        <Text className='checkin-warning__message'>{state.message}</Text>
        <Text className='checkin-warning__tip'>官方场所码扫码后不会要求填写姓名、身份证号、手机号等任何个人信息。如遇此类二维码，请勿填写，并告知场所工作人员。</Text>
        <Button className='btn btn--white checkin-warning__home' onClick={goHome}>返回首页</Button>
      </View>
    )
  }

  if (state.kind === 'login') {
    return (
      <View className={root('page checkin-login')}>
        {state.venue ? (
          <View className='card checkin-login__venue'>
            <Text className='venue-name'>{state.venue.name}</Text>
            <Text className='venue-address'>{state.venue.fullAddress}</Text>
            <Text className='checkin-login__checkpoint'>检测点：{state.venue.checkpointName}</Text>
            <Text className='checkin-login__next'>{state.message}</Text>
          </View>
        ) : <Text className='banner-error'>{state.message}</Text>}
        <OpenInApps openIn={state.openIn} />
        <AlipaySignIn onSignedIn={() => { checkIn() }} />
        <DemoAccounts title='选择演示账号登录后自动完成登记' filter={isCheckinAccount} onSignedIn={() => { checkIn() }} />
        <Button className='btn btn--ghost' onClick={goHome}>返回首页</Button>
      </View>
    )
  }

  if (state.kind === 'profile') {
    // One way on: into the app's own 实名信息 page. Nothing is typed here.
    return (
      <View className={root('page checkin-profile')}>
        <View className='card checkin-profile__card'>
          <Text className='checkin-profile__title'>请先完善实名信息</Text>
          <Text className='checkin-profile__text'>{state.message}。</Text>
          <Text className='checkin-profile__text'>和申领健康码一样，实名信息只需在小程序“我的 · 实名信息”中填写一次，以后扫码即自动登记。</Text>
          <Text className='checkin-profile__promise'>场所码扫码页面本身不会要求您填写任何个人信息。</Text>
        </View>
        <Button className='btn btn--primary checkin-profile__go' onClick={() => leaveFor('profile', '/pages/profile/index?then=back')}>填写实名信息</Button>
      </View>
    )
  }

  if (state.kind === 'saved') {
    return (
      <View className={root('page checkin-saved')}>
        <Saved
          view={savedView(state.scan, state.fail, state.asked, Date.now())}
          onEntries={() => Taro.redirectTo({ url: '/pages/entries/index' })}
          onHome={goHome}
        />
      </View>
    )
  }

  if (state.kind === 'error') {
    return (
      <View className={root('page checkin-error')}>
        <Text className='banner-error checkin-error__message'>{state.message}</Text>
        {state.final ? null : <Button className='btn btn--primary' onClick={() => { checkIn() }}>重试</Button>}
        <Button className={state.final ? 'btn btn--primary' : 'btn btn--ghost'} onClick={goHome}>返回首页</Button>
      </View>
    )
  }

  if (state.kind === 'choose') {
    const { data, chosen, sending } = state
    const toggle = (personId: string) => {
      if (sending) return
      setState({ ...state, chosen: toggleChoice(chosen, personId, data.companions) })
    }
    const confirm = () => {
      setState({ ...state, sending: true })
      checkIn(chosen)
    }
    return (
      <View className={root('checkin-choose')}>
        <View className='checkin-choose__venue'>
          <Text className='venue-name'>{data.venue.name}</Text>
          <Text className='venue-address'>{data.venue.fullAddress}</Text>
          <Text className='checkin-choose__checkpoint'>检测点：{data.venue.checkpointName}</Text>
        </View>
        <View className='choose-sheet'>
          <Text className='choose-sheet__title'>本次同行人员</Text>
          <Text className='choose-sheet__hint'>勾选和您一起入场的家人，一次完成登记</Text>
          <View className='choose-row choose-row--holder choose-row--checked' aria-checked='true' aria-disabled='true' role='checkbox'>
            <View className='choose-row__box'><Text>✓</Text></View>
            <Text className='choose-row__name'>{data.holder.nameMasked}</Text>
            <Text className='choose-row__tag'>{personDetail('本人', data.holder.idLast4)}</Text>
          </View>
          {data.companions.map((c) => {
            const on = chosen.includes(c.personId)
            return (
              <View
                key={c.personId}
                className={`choose-row${on ? ' choose-row--checked' : ''}`}
                data-person={c.personId}
                role='checkbox'
                aria-checked={on ? 'true' : 'false'}
                onClick={() => toggle(c.personId)}
              >
                <View className='choose-row__box'><Text>{on ? '✓' : ''}</Text></View>
                <Text className='choose-row__name'>{c.nameMasked}</Text>
                <Text className='choose-row__tag'>{personDetail(RELATION_LABELS[c.relation], c.idLast4)}</Text>
              </View>
            )
          })}
          <Button className='btn btn--primary choose-sheet__confirm' loading={sending} disabled={sending || undefined} onClick={confirm}>
            <Text>{confirmLabel(chosen)}</Text>
          </Button>
          <Text className='choose-sheet__manage' onClick={() => leaveFor('companions', '/pages/companions/index')}>管理同行人员 ›</Text>
        </View>
      </View>
    )
  }

  const { data } = state
  const statuses = data.people.map((p) => p.healthStatus)
  const stop = groupStop(data.people)
  // Order for the first screen at 375 × 667: what the banner says, where (venue, address,
  // checkpoint, clock), the advice once for everyone who must stop, then one colour per person.
  return (
    <View className={root('checkin-result')}>
      <Text className={`checkin__banner checkin__banner--${worstStatus(statuses)}`}>{resultBanner(statuses)}</Text>
      <VenueHeader venue={data.venue} />
      {stop ? (
        <View className='checkin__stop' role='alert'>
          <Text className='checkin__stop-title'>{stop.title}</Text>
          {stop.who.map((w, i) => <Text key={i} className='checkin__stop-who'>{w}</Text>)}
          {stop.details.map((d, i) => <Text key={i} className='checkin__stop-detail'>{d}</Text>)}
        </View>
      ) : null}
      {data.people.length > 1 ? <Text className='checkin__count'>本次共登记 {data.people.length} 人</Text> : null}
      {data.people.map((p) => (
        <PersonStatusCard
          key={p.personId}
          personId={p.personId}
          nameMasked={p.nameMasked}
          healthStatus={p.healthStatus}
          statusHidden={p.statusHidden}
          // Verified, the same scan shows the colour: back here, the check-in runs again (folded).
          onVerify={offersVerification(p) ? () => leaveFor('profile', '/pages/profile/index?then=back') : undefined}
          tag={personDetail(personTag(p), p.idLast4)}
          size={cardSize(p)}
          repeated={p.repeated}
          clock={false}
          advice={false}
        />
      ))}
      <View className='checkin__at'>
        <Text className='checkin__at-label'>扫码时间</Text>
        <Text className='checked-in-at'>{formatShanghai(data.people[0].checkedInAt)}</Text>
      </View>
      <ReadAloud outcome={checkinOutcome(state)} />
      <CheckOut venueName={data.venue.name} entryIds={checkOutIds(data.people)} />
      <Button className='btn btn--white checkin__home' onClick={goHome}>返回首页</Button>
    </View>
  )
}
