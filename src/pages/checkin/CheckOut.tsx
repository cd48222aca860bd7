/**
 * 离场 under the result: ends the stay of everyone this scan entered, after a confirmation (a
 * stay ended by mistake would make 流调 miss people who were there later). Once done, the button
 * says 已离场 with the time and stays disabled.
 */
import { View, Text, Button } from '@tarojs/components'
import { useState } from 'react'
import { callAction } from '../../services/actions'
import { confirmStep } from '../../services/confirm'
import { CHECK_OUT_WHY, checkedOutNote, checkOutQuestion } from '../../services/entries-view'

export default function CheckOut({ venueName, entryIds }: { venueName: string; entryIds: string[] }) {
  const [busy, setBusy] = useState(false)
  const [done, setDone] = useState<string | null>(null)
  const [error, setError] = useState('')

  const leave = async () => {
    if (busy || done) return
    setError('')
    const question = checkOutQuestion(venueName)
    if (!await confirmStep(question.title, question.content, '离场')) return
    setBusy(true)
    const res = await callAction('entries', 'checkOut', { entryIds })
    setBusy(false)
    if (!res.ok) { setError(res.message); return }
    setDone(res.data.entries.map(checkedOutNote).find((n) => n !== null) ?? '已离场')
  }

  return (
    <View className='checkin-out'>
      <Button
        className={`btn btn--white checkin-out__btn${done ? ' checkin-out__btn--done' : ''}`}
        loading={busy}
        disabled={busy || !!done || undefined}
        onClick={leave}
      >{/* A lone string child is written with textContent, which wipes the loading icon's anchor (Stencil's insertBefore error). */}
        <Text>{done ?? '离场'}</Text>
      </Button>
      {error ? <Text className='banner-error checkin-out__error'>{error}</Text> : null}
      <Text className='checkin-out__why'>{CHECK_OUT_WHY}</Text>
    </View>
  )
}
