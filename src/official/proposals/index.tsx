/**
 * 待复核 (two-person rule): changes to 红码、黄码 or back to 绿码 (one by one, by file or by a
 * 申诉's 更正) and trace confirmations that another official of the caller's region (or a region
 * below) proposed, each with its lines masked, the proposer, the reason and the time left; 批准 or
 * 驳回 with one's own reason. One's own proposals are listed as 等待他人复核 without buttons. Below,
 * the latest decided ones. Data: official.proposals, official.decideProposal.
 */
import { View, Text } from '@tarojs/components'
import { callAction } from '../../services/actions'
import { readElderMode } from '../../services/elder-mode'
import { useLoaded } from '../../services/use-loaded'
import { replaceProposal, splitProposals } from '../../services/proposals-view'
import { NotLoaded } from '../../components/LoadError'
import ProposalItem from '../components/ProposalItem'
import '../components/official.css'
import './index.css'

async function loadProposals() {
  const [pending, decided] = await Promise.all([
    callAction('official', 'proposals', { state: 'pending' }),
    callAction('official', 'proposals', { state: 'decided' })
  ])
  if (!pending.ok) return pending
  if (!decided.ok) return decided
  return { ok: true as const, data: [...pending.data.proposals, ...decided.data.proposals] }
}

export default function OfficialProposals() {
  const { loaded, load, setData } = useLoaded(loadProposals)
  const elder = readElderMode()

  const root = `page official-proposals${elder ? ' elder' : ''}`
  if (loaded.kind !== 'ok') return <View className={root}><NotLoaded loaded={loaded} onRetry={load} /></View>
  const { toDecide, mine, decided } = splitProposals(loaded.data)
  const item = (p: (typeof loaded.data)[number]) => (
    <ProposalItem key={p.proposalId} proposal={p} onDecided={(updated) => setData((d) => replaceProposal(d, updated))} onStale={load} />
  )

  return (
    <View className={root}>
      <View className='card official-proposals__intro'>
        <Text className='section-title'>待复核</Text>
        <Text className='official-explain'>
          变更健康码和发出风险提示须由两名工作人员完成：一人提出，另一人核对后批准或驳回，并写明意见。批准后立即生效，本人会在首页看到变更、原因和双方姓名（部分隐藏）。超时未复核的申请自动失效。
        </Text>
      </View>

      <Text className='section-title official-proposals__group official-proposals__group--decide'>需要我复核（{toDecide.length}）</Text>
      {toDecide.length === 0 ? <View className='card'><Text className='muted official-proposals__none'>暂无需要您复核的申请</Text></View> : null}
      {toDecide.map(item)}

      {mine.length > 0 ? <Text className='section-title official-proposals__group official-proposals__group--mine'>我提出的（{mine.length}）</Text> : null}
      {mine.map(item)}

      {decided.length > 0 ? <Text className='section-title official-proposals__group official-proposals__group--decided'>已处理</Text> : null}
      {decided.map(item)}
    </View>
  )
}
