/**
 * 申诉处理: people whose status an official of the caller's region (or below) changed, objecting
 * to it from their home page. Open ones first (longest waiting on top), each answered 维持 or 更正
 * with a reason the person reads; the answered ones below. Data: official.appeals,
 * official.answerAppeal.
 */
import { View, Text } from '@tarojs/components'
import { callAction } from '../../services/actions'
import { readElderMode } from '../../services/elder-mode'
import { useLoaded } from '../../services/use-loaded'
import { replaceAppeal, splitAppeals } from '../../services/proposals-view'
import { NotLoaded } from '../../components/LoadError'
import AppealItem from '../components/AppealItem'
import '../components/official.css'
import './index.css'

async function loadAppeals() {
  const [open, answered] = await Promise.all([
    callAction('official', 'appeals', { state: 'open' }),
    callAction('official', 'appeals', { state: 'answered' })
  ])
  if (!open.ok) return open
  if (!answered.ok) return answered
  return { ok: true as const, data: [...open.data.appeals, ...answered.data.appeals] }
}

export default function OfficialAppeals() {
  const { loaded, load, setData } = useLoaded(loadAppeals)
  const elder = readElderMode()

  const root = `page official-appeals${elder ? ' elder' : ''}`
  if (loaded.kind !== 'ok') return <View className={root}><NotLoaded loaded={loaded} onRetry={load} /></View>
  const { open, answered } = splitAppeals(loaded.data)
  const item = (a: (typeof loaded.data)[number]) => (
    <AppealItem key={a.appealId} appeal={a} onAnswered={(updated) => setData((d) => replaceAppeal(d, updated))} onStale={load} />
  )

  return (
    <View className={root}>
      <View className='card official-appeals__intro'>
        <Text className='section-title'>申诉处理</Text>
        <Text className='official-explain'>本人或其家人对健康码变更有异议时，可在首页提出申诉。请核实后答复“维持”或“更正”，并写明理由，本人会看到答复。</Text>
      </View>
      <Text className='section-title official-appeals__group official-appeals__group--open'>待答复（{open.length}）</Text>
      {open.length === 0 ? <View className='card'><Text className='muted official-appeals__none'>辖区内暂无待答复的申诉</Text></View> : null}
      {open.map(item)}
      {answered.length > 0 ? <Text className='section-title official-appeals__group official-appeals__group--answered'>已答复</Text> : null}
      {answered.map(item)}
    </View>
  )
}
