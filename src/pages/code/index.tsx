/**
 * 场所码: the poster a venue admin prints for one checkpoint. Data: getVenueCode({ venueId,
 * checkpointId }) from the page query (the venue's first checkpoint when none is named); the
 * code's url is drawn as a QR code, with the venue name, full address, the checkpoint, the
 * anti-fraud notice (seed 000) and the 场所申报码 inspectors use to bind. The A4 poster PDF
 * (generateCode.poster) is the one to print; 保存到相册 keeps the card as an image.
 */
import Taro from '@tarojs/taro'
import { View, Text, Button } from '@tarojs/components'
import { useCallback, useEffect, useState } from 'react'
import type { GetVenueCodeResponse } from '../../shared/api'
import { callFunction } from '../../services/cloud'
import { callAction } from '../../services/actions'
import { DEMO_LOGIN_PLATFORM } from '../../services/session'
import { getPageParams } from '../../services/page-params'
import { CAN_PRINT, printPage, savePoster } from '../../services/save-image'
import { openPosterPdf, PDF_ACTION_HINT } from '../../services/poster-pdf'
import { NOTICE_TEXT, NOTICE_TITLE, POSTER_SUBTITLE, POSTER_TITLE } from '../../services/poster'
import { readElderMode } from '../../services/elder-mode'
import QrCanvas from '../../components/QrCanvas'
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
  const [makingPdf, setMakingPdf] = useState(false)
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
  const save = async () => {
    setSaveMsg('')
    // The whole card (title, QR, venue, address, checkpoint, notice), not the bare QR.
    const err = await savePoster({ venueName: venue.name, fullAddress: venue.fullAddress, checkpointName: code.checkpointName, codeUrl: code.url }, `场所码-${venue.name}`)
    if (err) setSaveMsg(err)
    else Taro.showToast({ title: '已保存', icon: 'success' })
  }

  const printPdf = async () => {
    setSaveMsg('')
    setMakingPdf(true)
    const res = await callAction('generateCode', 'poster', { venueId: venue.id, checkpointId: code.checkpointId })
    const err = res.ok ? await openPosterPdf(res.data) : res.message
    setMakingPdf(false)
    if (err) setSaveMsg(err)
  }

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
      <Button className='btn btn--primary code__pdf' loading={makingPdf} disabled={makingPdf || undefined} onClick={printPdf}>打印A4海报（PDF）</Button>
      <Text className='muted code__pdf-hint'>{PDF_ACTION_HINT}</Text>
      <Button className='btn btn--ghost code__save' onClick={save}>保存到相册</Button>
      {CAN_PRINT ? <Button className='btn btn--ghost code__print' onClick={printPage}>打印</Button> : null}

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
