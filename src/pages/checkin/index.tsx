/**
 * 扫码结果: one visit = one checkIn call. Success is the blue screen of seed 002 (health
 * status, masked name, venue and address, live clock) for the inspector at the door; a code
 * we did not issue is a full-screen warning. This page never renders an input.
 * Data: the scanned text from the page query / launch options (launch-link.*) → parseVenueCode
 * locally → checkIn({ code }) with the raw text.
 */
import Taro from '@tarojs/taro'
import { View, Text, Button } from '@tarojs/components'
import { useCallback, useEffect, useRef, useState } from 'react'
import type { CheckInResponse } from '../../shared/api'
import { HEALTH_STATUS_LABELS } from '../../shared/api'
import { parseVenueCode } from '../../shared/venue-code'
import { formatShanghai } from '../../shared/time'
import { callFunction } from '../../services/cloud'
import { DEMO_LOGIN_PLATFORM } from '../../services/session'
import { getPageParams } from '../../services/page-params'
import { readScannedText } from '../../services/launch-link'
import { codeLinkRule } from '../../services/code-link-rule'
import { failureView, isCheckinAccount, parseFailureView, resultBanner, type CheckinFailureView } from '../../services/checkin-outcome'
import { readElderMode } from '../../services/elder-mode'
import DemoAccounts from '../../components/DemoAccounts'
import './index.css'

type State =
  | { kind: 'loading' }
  | { kind: 'success'; data: CheckInResponse }
  | CheckinFailureView

function goHome() {
  Taro.reLaunch({ url: '/pages/index/index' })
}

/** Seconds tick so the inspector sees a live screen, not a screenshot of an old one. */
function LiveClock() {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(id)
  }, [])
  return (
    <View className='checkin__clock'>
      <Text className='checkin__clock-date'>{formatShanghai(now, 'YYYY年MM月DD日')}</Text>
      <Text className='checkin__clock-time'>{formatShanghai(now, 'HH:mm:ss')}</Text>
    </View>
  )
}

export default function Checkin() {
  const [state, setState] = useState<State>({ kind: 'loading' })
  const scanned = useRef<string | null | undefined>(undefined)
  const started = useRef(false)
  const elder = readElderMode()

  const run = useCallback(async () => {
    if (scanned.current === undefined) scanned.current = readScannedText(getPageParams())
    const text = scanned.current
    // Not ours (or not a well-formed token): warn without telling any server what was scanned.
    if (!text || !parseVenueCode(text, codeLinkRule()).ok) {
      setState(parseFailureView())
      return
    }
    setState({ kind: 'loading' })
    const res = await callFunction('checkIn', { code: text })
    setState(res.ok ? { kind: 'success', data: res.data } : failureView(res, DEMO_LOGIN_PLATFORM))
  }, [])

  useEffect(() => {
    // Once per visit, even if React runs effects twice.
    if (started.current) return
    started.current = true
    run()
  }, [run])

  if (state.kind === 'loading') {
    return (
      <View className={`checkin checkin--loading${elder ? ' elder' : ''}`}>
        <Text className='checkin__loading'>正在核验场所码…</Text>
      </View>
    )
  }

  if (state.kind === 'warning') {
    return (
      <View className={`checkin-warning checkin-warning--${state.warning}${elder ? ' elder' : ''}`}>
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
      <View className={`page checkin-login${elder ? ' elder' : ''}`}>
        <Text className='banner-error'>{state.message}</Text>
        <DemoAccounts title='选择演示账号登录后自动完成登记' filter={isCheckinAccount} onSignedIn={() => { run() }} />
        <Button className='btn btn--ghost' onClick={goHome}>返回首页</Button>
      </View>
    )
  }

  if (state.kind === 'error') {
    return (
      <View className={`page checkin-error${elder ? ' elder' : ''}`}>
        <Text className='banner-error checkin-error__message'>{state.message}</Text>
        <Button className='btn btn--primary' onClick={() => { run() }}>重试</Button>
        <Button className='btn btn--ghost' onClick={goHome}>返回首页</Button>
      </View>
    )
  }

  const { data } = state
  const status = data.person.healthStatus
  return (
    <View className={`checkin-result${elder ? ' elder' : ''}`}>
      <Text className={`checkin__banner checkin__banner--${status}`}>{resultBanner(status)}</Text>
      <View className='checkin__card'>
        <Text className='checkin__name person-name'>{data.person.nameMasked}</Text>
        <LiveClock />
        <View className={`checkin__status health-status health-status--${status}`}>
          <Text className='checkin__status-text'>{HEALTH_STATUS_LABELS[status]}</Text>
        </View>
        {data.repeated ? <Text className='checkin__repeated'>已登记，无需重复扫码</Text> : null}
      </View>
      <View className='checkin__venue'>
        <Text className='checkin__venue-label'>场所</Text>
        <Text className='venue-name'>{data.venue.name}</Text>
        <Text className='venue-address'>{data.venue.fullAddress}</Text>
        <View className='checkin__row'>
          <Text className='checkin__row-label'>检测点</Text>
          <Text className='checkin__row-value checkpoint-name'>{data.venue.checkpointName}</Text>
        </View>
        <View className='checkin__row'>
          <Text className='checkin__row-label'>扫码时间</Text>
          <Text className='checkin__row-value checked-in-at'>{formatShanghai(data.checkedInAt)}</Text>
        </View>
      </View>
      <Button className='btn btn--white checkin__home' onClick={goHome}>返回首页</Button>
    </View>
  )
}
