/**
 * 防控工作台: the health official's console. Who they act for (region · office), how many of the
 * region's alerts wait for handling, the tools (设置健康码, 批量导入, 流调查询, and 场所审核 with
 * the entries marked 不是我本人, 待复核 for the two-person rule, 申诉处理) and the region's alerts, open ones first, each opening its detail. Kept fresh while shown (a new alert
 * appears within seconds, one handled on its page is shown so on return). Data: official.scope,
 * alert.list.
 */
import Taro from '@tarojs/taro'
import { View, Text, Button } from '@tarojs/components'
import { callAction } from '../../services/actions'
import { GATE_POLL_MS } from '../../services/gate-feed'
import { readElderMode } from '../../services/elder-mode'
import { officialLinks, sortAlerts } from '../../services/official-view'
import { usePolled } from '../../services/use-polled'
import LoadError from '../../components/LoadError'
import AlertItem from '../components/AlertItem'
import '../components/official.css'
import './index.css'

async function loadConsole() {
  const [scope, list] = await Promise.all([callAction('official', 'scope', {}), callAction('alert', 'list', {})])
  if (!scope.ok) return scope
  if (!list.ok) return list
  return { ok: true as const, data: { ...scope.data, alerts: sortAlerts(list.data.alerts) } }
}

export default function OfficialHome() {
  const polled = usePolled('official-console', loadConsole)
  const elder = readElderMode()

  const root = `page official-home${elder ? ' elder' : ''}`
  if (!polled.data) {
    return (
      <View className={root}>
        {polled.fail ? <LoadError fail={polled.fail} onRetry={polled.retry} /> : <Text className='muted page-loading'>正在加载…</Text>}
      </View>
    )
  }

  const { scope, openAlerts, alerts } = polled.data
  const go = (url: string) => Taro.navigateTo({ url })

  return (
    <View className={root}>
      <View className='card official-home__scope'>
        <Text className='official-home__region'>{scope.regionName}</Text>
        <Text className='official-home__office'>{scope.office}</Text>
        <View className={`official-home__open${openAlerts > 0 ? ' official-home__open--waiting' : ''}`}>
          <Text className='official-home__open-label'>待处置提醒</Text>
          <Text className='official-home__open-count'>{openAlerts}</Text>
        </View>
      </View>

      <View className='official-home__tools'>
        <Button className='btn btn--primary official-home__status' onClick={() => go(officialLinks.status)}>设置健康码</Button>
        <Button className='btn btn--ghost official-home__import' onClick={() => go(officialLinks.import)}>批量导入</Button>
        <Button className='btn btn--ghost official-home__trace' onClick={() => go(officialLinks.trace())}>流调查询</Button>
        <Button className='btn btn--ghost official-home__venues' onClick={() => go(officialLinks.venues)}>场所审核</Button>
        <Button className='btn btn--ghost official-home__proposals' onClick={() => go(officialLinks.proposals)}>待复核</Button>
        <Button className='btn btn--ghost official-home__appeals' onClick={() => go(officialLinks.appeals)}>申诉处理</Button>
      </View>

      <View className='official-home__alerts-head'>
        <Text className='section-title official-home__alerts-title'>辖区异常提醒</Text>
        <Text className={`official-home__fresh${polled.stale ? ' official-home__fresh--stale' : ''}`}>{polled.stale ? '刷新失败，正在重试' : `每${GATE_POLL_MS / 1000}秒自动刷新`}</Text>
      </View>
      {alerts.length === 0 ? (
        <View className='card official-home__empty'>
          <Text className='official-home__empty-text'>辖区内暂无异常提醒</Text>
          <Text className='muted official-home__empty-hint'>黄码、红码人员扫码或体温异常时，提醒会出现在这里。</Text>
        </View>
      ) : null}
      {alerts.map((a) => <AlertItem key={a.alertId} alert={a} onOpen={(id) => go(officialLinks.alert(id))} />)}
    </View>
  )
}
