/**
 * 批量导入健康码: the official chooses a CSV file (browser: the file dialog; WeChat: a file from
 * a chat; Alipay cannot choose files and says where to go instead). The columns are explained
 * with a sample. Too large, empty, non-CSV or non-UTF-8 files are refused here, before anything
 * is sent. The answer is either one proposal for the whole file (its changed lines, masked, and
 * 待复核: nothing changes until a second official approves it), or every problem of the file (which
 * is then not imported at all). Data: official.importStatus.
 */
import Taro from '@tarojs/taro'
import { View, Text, Button } from '@tarojs/components'
import { useState } from 'react'
import { STATUS_IMPORT_COLUMNS, type StatusImportResult } from '../../shared/api'
import { callAction } from '../../services/actions'
import { confirmDanger } from '../../services/confirm'
import { CSV_CHOOSE_UNAVAILABLE, chooseCsvFile } from '../../services/csv-file'
import { readElderMode } from '../../services/elder-mode'
import { officialLinks } from '../../services/official-view'
import { proposalLineText, proposalLines } from '../../services/proposals-view'
import {
  IMPORT_COLUMN_NOTES, IMPORT_SAMPLE, MAX_IMPORT_TEXT, PROBLEMS_SHOWN_FIRST, REFUSED_TEXT, chosenFileError, fileTextError,
  formatBytes, importedText, problemRows, refusedSummary, requestFileName
} from '../../services/official-import'
import '../components/official.css'
import './index.css'

interface Ready { name: string; size: number; csv: string }

export default function OfficialImport() {
  const [ready, setReady] = useState<Ready | null>(null)
  const [fileError, setFileError] = useState('')
  const [reading, setReading] = useState(false)
  const [sending, setSending] = useState(false)
  const [result, setResult] = useState<StatusImportResult | null>(null)
  const [banner, setBanner] = useState('')
  const [showAll, setShowAll] = useState(false)
  const elder = readElderMode()

  const choose = async () => {
    if (reading || sending) return
    setBanner('')
    let file
    try {
      file = await chooseCsvFile()
    } catch {
      setFileError('无法打开文件选择，请稍后重试')
      return
    }
    if (!file) return
    setResult(null)
    setReady(null)
    setShowAll(false)
    const refused = chosenFileError(file.name, file.size)
    if (refused) { setFileError(refused); return }
    setReading(true)
    let csv: string
    try {
      csv = await file.read()
    } catch {
      setReading(false)
      setFileError('读取文件失败，请重新选择')
      return
    }
    setReading(false)
    const textRefused = fileTextError(csv)
    if (textRefused) { setFileError(textRefused); return }
    setFileError('')
    setReady({ name: file.name, size: file.size, csv })
  }

  const send = async () => {
    if (!ready || sending) return
    const go = await confirmDanger('导入健康码', `将按文件“${ready.name}”提出变更其中每个人的健康码，另一名工作人员复核通过后生效。文件有任何一行有误时，整个文件都不会导入。`, '提交')
    if (!go) return
    setBanner('')
    setSending(true)
    const res = await callAction('official', 'importStatus', { fileName: requestFileName(ready.name), csv: ready.csv })
    setSending(false)
    if (!res.ok) { setBanner(res.message); return }
    // Applied or refused, this file is done with: a corrected one is chosen anew.
    setReady(null)
    setResult(res.data)
  }

  const problems = result && !result.applied ? problemRows(result.problems) : []
  const shown = showAll ? problems : problems.slice(0, PROBLEMS_SHOWN_FIRST)

  return (
    <View className={`page official-import${elder ? ' elder' : ''}`}>
      {banner ? <Text className='banner-error official-import__banner'>{banner}</Text> : null}

      {result && result.applied ? (
        <Text className='banner-ok official-import__applied'>{importedText(result)}</Text>
      ) : null}

      {result && result.applied && result.proposal ? (() => {
        const p = result.proposal
        const lines = proposalLines(p, Date.now())
        return (
          <View className={`card official-import__proposal official-import__proposal--${lines.tone}`} data-proposal-id={p.proposalId}>
            <View className='official-import__proposal-head'>
              <Text className='official-import__proposal-title'>{lines.title}</Text>
              <Text className='official-tag official-tag--open official-import__proposal-state'>{lines.state}</Text>
            </View>
            <Text className='muted official-import__proposal-by'>{lines.proposed}</Text>
            <Text className='muted official-import__proposal-expiry'>{lines.expiry}</Text>
            {p.lines.map((l) => (
              <View key={l.personId} className='official-import__line'>
                <Text className={`official-import__line-change official-import__line-change--${l.toStatus}`}>{proposalLineText(l)}</Text>
                <Text className='official-import__line-reason'>原因：{l.reason}</Text>
              </View>
            ))}
            {lines.more ? <Text className='muted official-import__more-lines'>{lines.more}</Text> : null}
            <Button className='btn btn--ghost official-import__to-proposals' onClick={() => Taro.navigateTo({ url: officialLinks.proposals })}>查看待复核</Button>
          </View>
        )
      })() : null}

      {result && !result.applied ? (
        <View className='card official-import__refused'>
          <Text className='official-import__refused-title'>{REFUSED_TEXT}</Text>
          <Text className='official-import__refused-summary'>{refusedSummary(result)}</Text>
          <View className='official-import__problems'>
            <View className='official-import__problem official-import__problem--head'>
              <Text className='official-import__where'>位置</Text>
              <Text className='official-import__field'>字段</Text>
              <Text className='official-import__what'>问题</Text>
            </View>
            {shown.map((p) => (
              <View key={p.key} className='official-import__problem' data-line={p.where}>
                <Text className='official-import__where'>{p.where}</Text>
                <Text className='official-import__field'>{p.field}</Text>
                <Text className='official-import__what'>{p.problem}</Text>
              </View>
            ))}
          </View>
          {shown.length < problems.length ? (
            <Button className='btn btn--ghost official-import__more' onClick={() => setShowAll(true)}>显示全部{problems.length}处问题</Button>
          ) : null}
        </View>
      ) : null}

      <View className='card official-import__file'>
        <Text className='section-title'>选择文件</Text>
        {CSV_CHOOSE_UNAVAILABLE ? (
          <Text className='official-import__unavailable'>{CSV_CHOOSE_UNAVAILABLE}</Text>
        ) : (
          <View>
            {fileError ? <Text className='banner-error official-import__file-error'>{fileError}</Text> : null}
            {ready ? (
              <View className='official-import__chosen'>
                <Text className='official-import__chosen-name'>{ready.name}</Text>
                <Text className='muted official-import__chosen-size'>{formatBytes(ready.size)}</Text>
              </View>
            ) : null}
            {ready ? (
              <Button className='btn btn--primary official-import__send' loading={sending} disabled={sending || undefined} onClick={send}><Text>提交复核</Text></Button>
            ) : null}
            <Button
              className={`btn ${ready ? 'btn--ghost' : 'btn--primary'} official-import__choose`}
              loading={reading}
              disabled={reading || sending || undefined}
              onClick={choose}
            >{/* A lone string child is written with textContent, which wipes the loading icon's anchor (Stencil's insertBefore error). */}
              <Text>{ready || result ? '重新选择CSV文件' : '选择CSV文件'}</Text>
            </Button>
            <Text className='muted official-import__limit'>{MAX_IMPORT_TEXT}。文件中任何一行有误，整个文件都不会导入，并列出每一处问题。</Text>
          </View>
        )}
      </View>

      <View className='card official-import__format'>
        <Text className='section-title'>文件格式</Text>
        <Text className='official-explain'>CSV文件，UTF-8编码（Excel中“另存为”“CSV UTF-8（逗号分隔）”）。第一行为表头，依次为以下{STATUS_IMPORT_COLUMNS.length}列：</Text>
        <View className='official-import__columns'>
          {STATUS_IMPORT_COLUMNS.map((c, i) => (
            <View key={c} className='official-row official-import__column'>
              <Text className='official-row__label'>{i + 1}. {c}</Text>
              <Text className='official-row__value'>{IMPORT_COLUMN_NOTES[c]}</Text>
            </View>
          ))}
        </View>
        <Text className='official-import__sample-title'>示例</Text>
        <View className='official-import__sample'>
          {IMPORT_SAMPLE.split('\n').map((line) => <Text key={line} className='official-import__sample-line'>{line}</Text>)}
        </View>
      </View>
    </View>
  )
}
