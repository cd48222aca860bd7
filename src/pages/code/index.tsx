/**
 * 场所码: the poster a venue admin prints for one checkpoint. Data: getVenueCode({ venueId,
 * checkpointId }) from the page query (the venue's first checkpoint when none is named); the
 * code's url is drawn as a QR code, with the venue name, full address, the checkpoint, the
 * anti-fraud notice (seed 000) and the 场所申报码 inspectors use to bind. One 打印/保存 button
 * (components/PosterOutput) offers the A4 poster PDF, the card as an image and, in the browser, print.
 */
import Taro from '@tarojs/taro'
import { View, Text, Button } from '@tarojs/components'
import { useCallback, useEffect, useState } from 'react'
import type { GetVenueCodeResponse } from '../../shared/api'
import { callFunction } from '../../services/cloud'
import { DEMO_LOGIN_PLATFORM } from '../../services/session'
import { getPageParams } from '../../services/page-params'
import { NOTICE_TEXT, NOTICE_TITLE, POSTER_SUBTITLE, POSTER_TITLE } from '../../services/poster'
import { readElderMode } from '../../services/elder-mode'
import QrCanvas from '../../components/QrCanvas'
import PosterOutput from '../../components/PosterOutput'
import DemoAccounts from '../../components/DemoAccounts'
import VenueReview from '../../components/VenueReview'
import './index.css'

type State =
  | { kind: 'loading' }
  | { kind: 'ok'; data: GetVenueCodeResponse }
  | { kind: 'error'; message: string; login: boolean }

export default function Code() {
  const [state, setState] = useState<State>({ kind: 'loading' })
  const [saveMsg, setSaveMsg] = useState('')
  // Regenerating revokes this checkpoint's printed posters at once, so it takes a second, explicit tap.
  const [confirmingRegenerate, setConfirmingRegenerate] = useState(false)
  const [regenerated, setRegenerated] = useState(false)
  const elder = readElderMode()

  const load = useCallback(async () => {
    const { venueId, checkpointId } = getPageParams()
    if (!venueId) {
      setState({ kind: 'error', message: '缺少场所信息，请从“场所管理”进入', login: false })
      return
    }
    setState({ kind: 'loading' })
    const res = await callFunction('getVenueCode', checkpointId ? { venueId, checkpointId } : { venueId })
    if (res.ok) setState({ kind: 'ok', data: res.data })
    else setState({ kind: 'error', message: res.message, login: res.code === 'NOT_LOGGED_IN' && DEMO_LOGIN_PLATFORM })
  }, [])

  useEffect(() => { load() }, [load])

  if (state.kind === 'loading') {
    return <View className={`page code${elder ? ' elder' : ''}`}><Text className='muted'>正在加载场所码…</Text></View>
  }
  if (state.kind === 'error') {
    return (
      <View className={`page code${elder ? ' elder' : ''}`}>
        <Text className='banner-error code__error'>{state.message}</Text>
        {state.login ? <DemoAccounts title='请先登录' onSignedIn={() => { load() }} /> : null}
        <Button className='btn btn--primary' onClick={() => { load() }}>重试</Button>
        <Button className='btn btn--ghost' onClick={() => Taro.reLaunch({ url: '/pages/index/index' })}>返回首页</Button>
      </View>
    )
  }

  const { venue, code } = state.data
  // Named, so only this checkpoint's posters stop working; the others stay on their doors.
  const regenerate = async () => {
    setConfirmingRegenerate(false)
    setSaveMsg('')
    const res = await callFunction('regenerateCode', { venueId: venue.id, checkpointId: code.checkpointId })
    if (!res.ok) {
      setSaveMsg(res.message)
      return
    }
    setState({ kind: 'ok', data: res.data })
    setRegenerated(true)
  }

  return (
    <View className={`page code${elder ? ' elder' : ''}`}>
      <View className='code__poster'>
        <Text className='code__poster-title'>{POSTER_TITLE}</Text>
        <Text className='code__poster-sub'>{POSTER_SUBTITLE}</Text>
        <View className='code__qr'>
          <QrCanvas text={code.url} />
        </View>
        <Text className='code__venue-name venue-name'>{venue.name}</Text>
        <Text className='code__venue-address venue-address'>{venue.fullAddress}</Text>
        <Text className='code__checkpoint'>检测点：{code.checkpointName}</Text>
        <View className='code__notice'>
          <Text className='code__notice-title'>{NOTICE_TITLE}</Text>
          <Text className='code__notice-text'>{NOTICE_TEXT}</Text>
        </View>
      </View>

      <View className='card code__declaration'>
        <Text className='muted'>场所申报码（供检测员绑定本场所，请勿张贴）</Text>
        <Text className='code__declaration-code declaration-code'>{venue.declarationCode}</Text>
        <Text className='muted'>{venue.typeLabel} · 统一社会信用代码 {venue.creditCodeMasked}</Text>
        {venue.reviewStatus !== 'approved' ? <VenueReview status={venue.reviewStatus} /> : null}
      </View>

      {saveMsg ? <Text className='banner-error code__message'>{saveMsg}</Text> : null}
      <PosterOutput venue={venue} code={code} className='code__output' />

      <View className='card code__regenerate'>
        {/* Shown where the admin tapped: the page may be scrolled far below the poster. */}
        {regenerated ? <Text className='banner-ok code__regenerated'>已生成新场所码，“{code.checkpointName}”的旧场所码已作废，请重新打印张贴</Text> : null}
        <Text className='muted'>本检测点的场所码遗失、被仿冒或被涂改时，可作废旧码并生成新码，其他检测点的场所码不受影响。</Text>
        {confirmingRegenerate ? (
          <View>
            <Text className='code__regenerate-warning'>确认作废？检测点“{code.checkpointName}”已张贴的旧场所码将立即失效，扫码会提示“场所码已作废”。</Text>
            <Button className='btn btn--danger code__regenerate-confirm' onClick={regenerate}>确认作废并生成新码</Button>
            <Button className='btn btn--ghost code__regenerate-cancel' onClick={() => setConfirmingRegenerate(false)}>取消</Button>
          </View>
        ) : (
          <Button className='btn btn--ghost code__regenerate-start' onClick={() => setConfirmingRegenerate(true)}>作废旧码并重新生成</Button>
        )}
      </View>
    </View>
  )
}
