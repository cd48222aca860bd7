/**
 * One proposal in 待复核: what it would change (each line masked), who proposed it and why, until
 * when it may be decided. Someone else's, in reach: 批准 / 驳回, each with the second official's
 * own required reason (both ask first). One's own: 等待他人复核, no buttons — the server refuses
 * it too (PROPOSAL_OWN), and its message is shown if it ever does. A decided one: who, when, why.
 */
import { View, Text, Button } from '@tarojs/components'
import { useState } from 'react'
import type { ProposalView } from '../../shared/api'
import { callAction } from '../../services/actions'
import { confirmDanger } from '../../services/confirm'
import { OWN_PENDING_TEXT, decideConfirmText, decisionReasonError, proposalLineText, proposalLines } from '../../services/proposals-view'
import ReasonField from './ReasonField'

interface Props {
  proposal: ProposalView
  /** The proposal as the decision answered it; a refusal that means the list is stale asks for a reload. */
  onDecided: (proposal: ProposalView) => void
  onStale: () => void
}

const STALE = ['PROPOSAL_DECIDED', 'PROPOSAL_EXPIRED', 'PROPOSAL_NOT_FOUND']

export default function ProposalItem({ proposal: p, onDecided, onStale }: Props) {
  const [reason, setReason] = useState('')
  const [error, setError] = useState('')
  const [refusal, setRefusal] = useState('')
  const [busy, setBusy] = useState(false)
  const lines = proposalLines(p, Date.now())
  const pending = p.state === 'pending'
  // The buttons are for someone else's proposal only; the server holds the same rule.
  const decidable = pending && p.canDecide && !p.mine

  const decide = async (approve: boolean) => {
    if (busy) return
    setRefusal('')
    const wrong = decisionReasonError(reason)
    if (wrong) { setError(wrong); return }
    const title = approve ? '批准变更' : '驳回变更'
    if (!await confirmDanger(title, decideConfirmText(p, approve), approve ? '批准' : '驳回')) return
    setBusy(true)
    const res = await callAction('official', 'decideProposal', { proposalId: p.proposalId, approve, reason: reason.trim() })
    setBusy(false)
    if (!res.ok) {
      if (res.fields?.reason) setError(res.fields.reason)
      else setRefusal(res.message)
      if (STALE.includes(res.code)) onStale()
      return
    }
    setReason('')
    onDecided(res.data.proposal)
  }

  return (
    <View className={`card proposal-item proposal-item--${lines.tone}${pending ? '' : ' proposal-item--decided'}`} data-proposal-id={p.proposalId}>
      <View className='proposal-item__top'>
        <Text className='proposal-item__title'>{lines.title}</Text>
        <Text className={`official-tag proposal-item__state ${pending ? 'official-tag--open' : p.state === 'approved' ? 'official-tag--done' : ''}`}>
          {p.mine && pending ? OWN_PENDING_TEXT : lines.state}
        </Text>
      </View>
      {p.lines.map((l) => (
        <View key={l.personId} className='proposal-item__line'>
          <Text className={`proposal-item__change proposal-item__change--${l.toStatus}`}>{proposalLineText(l)}</Text>
          {p.lines.length > 1 ? <Text className='proposal-item__line-reason'>原因：{l.reason}</Text> : null}
        </View>
      ))}
      {lines.more ? <Text className='muted proposal-item__more'>{lines.more}</Text> : null}
      <Text className='proposal-item__reason'>{p.source === 'import' ? '文件：' : '原因：'}{lines.reason}</Text>
      <Text className='muted proposal-item__by'>{lines.proposed}</Text>
      {pending ? <Text className='muted proposal-item__expiry'>{lines.expiry}</Text> : null}
      {lines.decision ? <Text className='proposal-item__decision'>{lines.decision}</Text> : null}

      {decidable ? (
        <View className='proposal-item__form'>
          <ReasonField
            label='复核意见（必填）' placeholder='例如：已核对检测报告' inputClass='proposal-item__input'
            value={reason} error={error} onChange={(v) => { setReason(v); setError('') }}
          />
          <View className='proposal-item__actions'>
            {/* Approving a red, a yellow or a trace's 风险提示 acts on people at once: the danger colour, as 设为红码 has. */}
            <Button
              className={`btn ${lines.tone === 'green' ? 'btn--primary' : 'btn--danger'} proposal-item__approve`}
              disabled={busy || undefined}
              onClick={() => decide(true)}
            >批准</Button>
            <Button className='btn btn--ghost proposal-item__reject' disabled={busy || undefined} onClick={() => decide(false)}>驳回</Button>
          </View>
        </View>
      ) : null}
      {p.mine && pending ? <Text className='proposal-item__own'>这是您提出的变更，须由另一名工作人员复核。</Text> : null}
      {refusal ? <Text className='banner-error proposal-item__refusal'>{refusal}</Text> : null}
    </View>
  )
}
