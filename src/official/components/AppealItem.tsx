/**
 * One 申诉 in 申诉处理: whose (masked), the change objected to with its reason and office, the
 * person's own words, when. Open: 维持 (the status stays) or 更正 (the earlier status is proposed
 * again, for a second official in 待复核), each with a required reason the person reads. Answered:
 * the decision, the reason, who and when.
 */
import { View, Text, Button } from '@tarojs/components'
import { useState } from 'react'
import type { AppealDecision, AppealView } from '../../shared/api'
import { callAction } from '../../services/actions'
import { confirmDanger } from '../../services/confirm'
import { appealAnswerError, appealLines, correctConfirmText } from '../../services/proposals-view'
import ReasonField from './ReasonField'

interface Props {
  appeal: AppealView
  onAnswered: (appeal: AppealView) => void
  onStale: () => void
}

export default function AppealItem({ appeal: a, onAnswered, onStale }: Props) {
  const [reason, setReason] = useState('')
  const [error, setError] = useState('')
  const [refusal, setRefusal] = useState('')
  const [busy, setBusy] = useState(false)
  const lines = appealLines(a)
  const open = a.state === 'open'

  const answer = async (decision: AppealDecision) => {
    if (busy) return
    setRefusal('')
    const wrong = appealAnswerError(reason)
    if (wrong) { setError(wrong); return }
    if (decision === 'corrected' && !await confirmDanger('更正', correctConfirmText(a), '更正')) return
    setBusy(true)
    const res = await callAction('official', 'answerAppeal', { appealId: a.appealId, decision, reason: reason.trim() })
    setBusy(false)
    if (!res.ok) {
      if (res.fields?.reason) setError(res.fields.reason)
      else setRefusal(res.message)
      if (res.code === 'APPEAL_ANSWERED' || res.code === 'APPEAL_NOT_FOUND') onStale()
      return
    }
    setReason('')
    onAnswered(res.data.appeal)
  }

  return (
    <View className={`card appeal-item${open ? '' : ' appeal-item--answered'}`} data-appeal-id={a.appealId}>
      <View className='appeal-item__top'>
        <Text className='appeal-item__who'>{lines.who}</Text>
        <Text className={`official-tag appeal-item__state ${open ? 'official-tag--open' : 'official-tag--done'}`}>{open ? '待答复' : '已答复'}</Text>
      </View>
      <Text className={`appeal-item__change appeal-item__change--${a.toStatus}`}>{lines.change}</Text>
      <Text className='appeal-item__change-reason'>{lines.changeReason}</Text>
      <View className='appeal-item__text-box'>
        <Text className='appeal-item__text-label'>申诉内容</Text>
        <Text className='appeal-item__text'>{lines.text}</Text>
      </View>
      <Text className='muted appeal-item__at'>{lines.at}</Text>
      {lines.answer ? <Text className='appeal-item__answer'>{lines.answer}</Text> : null}
      {a.correctionProposalId ? <Text className='muted appeal-item__correction'>已提出更正，须另一名工作人员复核后生效</Text> : null}

      {open ? (
        <View className='appeal-item__form'>
          <ReasonField
            label='答复理由（必填，本人可见）' placeholder='例如：已复核检测报告' inputClass='appeal-item__input'
            value={reason} error={error} onChange={(v) => { setReason(v); setError('') }}
          />
          <View className='appeal-item__actions'>
            <Button className='btn btn--primary appeal-item__uphold' disabled={busy || undefined} onClick={() => answer('upheld')}>维持</Button>
            <Button className='btn btn--ghost appeal-item__correct' disabled={busy || undefined} onClick={() => answer('corrected')}>更正</Button>
          </View>
          <Text className='muted appeal-item__hint'>维持：健康码不变。更正：提出恢复为变更前的状态，须另一名工作人员复核。</Text>
        </View>
      ) : null}
      {refusal ? <Text className='banner-error appeal-item__refusal'>{refusal}</Text> : null}
    </View>
  )
}
