/**
 * 申诉: the holder objects to one change of their own or a companion's status, shown as on the
 * home page (colour, office, both officials masked, reason, time), with a short text (its
 * characters counted, APPEAL_TEXT_MAX at most). Once sent: 已提交，等待答复; once answered: 维持
 * or 更正, the reason, who and when. One 申诉 per change. Data: people.statusNotices (the change,
 * by ?changeId=), people.appeal.
 */
import { View, Text, Button, Textarea } from '@tarojs/components'
import { useState } from 'react'
import { APPEAL_TEXT_MAX, type StatusNoticeView } from '../../shared/api'
import { callAction } from '../../services/actions'
import { readElderMode } from '../../services/elder-mode'
import { getPageParams } from '../../services/page-params'
import { useLoaded } from '../../services/use-loaded'
import { answerLines, appealCount, appealTextError } from '../../services/status-notices'
import { formatShanghai } from '../../shared/time'
import FieldError from '../../components/FieldError'
import { NotLoaded } from '../../components/LoadError'
import { StatusNoticeBody } from '../../components/StatusNoticeCard'
import '../../components/StatusNoticeCard.css'
import './index.css'

async function loadNotice(changeId: string) {
  const res = await callAction('people', 'statusNotices', {})
  if (!res.ok) return res
  return { ok: true as const, data: res.data.notices.find((n) => n.changeId === changeId) ?? null }
}

export default function Appeal() {
  const [changeId] = useState(() => getPageParams().changeId ?? '')
  const { loaded, load, setData } = useLoaded<StatusNoticeView | null>(() => loadNotice(changeId))
  const [text, setText] = useState('')
  const [error, setError] = useState('')
  const [refusal, setRefusal] = useState('')
  const [sending, setSending] = useState(false)
  const elder = readElderMode()

  const root = `page appeal${elder ? ' elder' : ''}`
  if (loaded.kind !== 'ok') return <View className={root}><NotLoaded loaded={loaded} onRetry={load} /></View>
  const notice = loaded.data
  if (!notice) {
    return (
      <View className={root}>
        <View className='card appeal__missing'><Text className='appeal__missing-text'>找不到这次健康码变更，可能已超过30天。请返回首页查看。</Text></View>
      </View>
    )
  }

  const send = async () => {
    if (sending) return
    setRefusal('')
    const wrong = appealTextError(text)
    if (wrong) { setError(wrong); return }
    setSending(true)
    const res = await callAction('people', 'appeal', { changeId: notice.changeId, text: text.trim() })
    setSending(false)
    if (!res.ok) {
      if (res.fields?.text) setError(res.fields.text)
      else setRefusal(res.message)
      return
    }
    setData(() => res.data.notice)
  }

  const appeal = notice.appeal
  const answer = appeal ? answerLines(appeal) : null

  return (
    <View className={root}>
      <View className={`status-notice status-notice--${notice.toStatus}${notice.emergency ? ' status-notice--emergency' : ''} appeal__notice`}>
        <StatusNoticeBody notice={notice} />
      </View>

      {appeal ? (
        <View className='card appeal__sent'>
          <Text className='section-title'>我的申诉</Text>
          <Text className='appeal__sent-text'>{appeal.text}</Text>
          <Text className='muted appeal__sent-at'>提交于 {formatShanghai(appeal.createdAt, 'YYYY-MM-DD HH:mm')}</Text>
          {answer ? (
            <View className={`appeal__answer appeal__answer--${appeal.decision}`}>
              <Text className='appeal__answer-decision'>答复：{answer.decision}</Text>
              <Text className='appeal__answer-reason'>{answer.reason}</Text>
              <Text className='appeal__answer-by'>{answer.by}</Text>
              <Text className='appeal__answer-at'>{answer.at}</Text>
              {answer.corrected ? <Text className='appeal__answer-corrected'>{answer.corrected}</Text> : null}
            </View>
          ) : (
            <Text className='appeal__waiting'>已提交，等待答复</Text>
          )}
        </View>
      ) : null}

      {!appeal && notice.canAppeal ? (
        <View className='card appeal__form'>
          <Text className='section-title'>申诉</Text>
          <Text className='appeal__explain'>如认为这次变更有误，请简要说明理由。辖区防控部门的工作人员会核实并答复“维持”或“更正”，答复会显示在这里和首页。每次变更只能申诉一次。</Text>
          <View className={`appeal__field${error ? ' appeal__field--error' : ''}`}>
            <Textarea
              className='appeal__text'
              maxlength={APPEAL_TEXT_MAX}
              value={text}
              placeholder='例如：我这几天一直在家，没有去过该场所'
              nativeProps={{ 'aria-label': '申诉内容' }}
              onInput={(e) => { setText(e.detail.value); setError('') }}
            />
            <Text className='appeal__count'>{appealCount(text)}</Text>
            <FieldError field='text' message={error} />
          </View>
          {refusal ? <Text className='banner-error appeal__refusal'>{refusal}</Text> : null}
          <Button className='btn btn--primary appeal__send' loading={sending} disabled={sending || undefined} onClick={send}>
            <Text>提交申诉</Text>
          </Button>
        </View>
      ) : null}

      {!appeal && !notice.canAppeal ? (
        <View className='card appeal__not-allowed'>
          <Text className='appeal__explain'>只有已实名核验的本人可以为本人及同行人员的变更申诉。</Text>
        </View>
      ) : null}
    </View>
  )
}
