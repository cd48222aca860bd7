/**
 * The one 打印/保存 button of a 场所码: it opens the platform's choices (services/poster-output.ts)
 * and does the chosen one: the A4 poster PDF (generateCode.poster), the card as an image, or the
 * browser's print. A failure is shown under the button.
 */
import Taro from '@tarojs/taro'
import { View, Text, Button } from '@tarojs/components'
import { useState } from 'react'
import type { VenueCodeView, VenueView } from '../shared/api'
import { callAction } from '../services/actions'
import { CAN_PRINT, printPage, savePoster } from '../services/save-image'
import { openPosterPdf, PDF_ACTION_HINT } from '../services/poster-pdf'
import { posterOutputChoices, type PosterOutput as Output } from '../services/poster-output'
import './PosterOutput.css'

interface Props {
  venue: Pick<VenueView, 'id' | 'name' | 'fullAddress'>
  code: VenueCodeView
  /** The page's own classes for the button (its place and size on that page). */
  className?: string
}

export default function PosterOutput({ venue, code, className = '' }: Props) {
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState('')
  // CAN_PRINT is the browser build's (save-image.ts): the mini-programs have no print.
  const choices = posterOutputChoices(CAN_PRINT)

  const run = async (output: Output): Promise<string | null> => {
    if (output === 'print') { printPage(); return null }
    if (output === 'image') {
      const err = await savePoster({ venueName: venue.name, fullAddress: venue.fullAddress, checkpointName: code.checkpointName, codeUrl: code.url }, `场所码-${venue.name}`)
      if (!err) Taro.showToast({ title: '已保存', icon: 'success' })
      return err
    }
    const res = await callAction('generateCode', 'poster', { venueId: venue.id, checkpointId: code.checkpointId })
    return res.ok ? openPosterPdf(res.data) : res.message
  }

  const open = async () => {
    setMessage('')
    let index: number
    try {
      index = (await Taro.showActionSheet({ itemList: choices.map((c) => c.label) })).tapIndex
    } catch {
      return // 取消
    }
    const choice = choices[index]
    if (!choice) return
    setBusy(true)
    const err = await run(choice.id)
    setBusy(false)
    if (err) setMessage(err)
  }

  return (
    <View className='poster-output'>
      {message ? <Text className='banner-error poster-output__message'>{message}</Text> : null}
      <Button className={`btn btn--primary poster-output__button ${className}`} loading={busy} disabled={busy || undefined} onClick={open}>打印/保存</Button>
      <Text className='muted poster-output__hint'>{PDF_ACTION_HINT}</Text>
    </View>
  )
}
