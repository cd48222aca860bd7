/**
 * 所在地区 in one sheet: tabs for the levels chosen so far (tap one to change it) and the
 * choices of the level being chosen, one tap each; the town closes the sheet. A custom sheet,
 * not Picker's multiSelector: Alipay's picker has one column only, and a list of names is
 * easier to read and to tap than four wheels. The rule is services/region-cascade.ts.
 */
import { View, Text, ScrollView } from '@tarojs/components'
import { regionTabs } from '../services/region-cascade'
import type { RegionPicker } from '../services/use-venue-form'
import './RegionSheet.css'

export default function RegionSheet({ regions }: { regions: RegionPicker }) {
  const { chain, level, options, loading, goTo, choose, hide } = regions
  const chosen = chain[level]?.code
  return (
    <View className='region-sheet' catchMove>
      <View className='region-sheet__mask' onClick={hide} />
      <View className='region-sheet__panel' role='dialog' aria-label='选择所在地区'>
        <View className='region-sheet__head'>
          <Text className='region-sheet__title'>选择所在地区</Text>
          <View className='region-sheet__close' role='button' onClick={hide}><Text>关闭</Text></View>
        </View>
        <View className='region-sheet__tabs'>
          {regionTabs(chain, level).map((t) => (
            <View
              key={t.level}
              className={`region-sheet__tab${t.current ? ' region-sheet__tab--current' : ''}`}
              role='tab'
              aria-selected={t.current}
              onClick={() => { if (!t.current) goTo(t.level) }}
            >
              <Text>{t.label}</Text>
            </View>
          ))}
        </View>
        <ScrollView className='region-sheet__list' scrollY>
          {loading ? <Text className='muted region-sheet__loading'>加载中…</Text> : null}
          {!loading ? options.map((r) => (
            <View
              key={r.code}
              className={`region-sheet__option${r.code === chosen ? ' region-sheet__option--chosen' : ''}`}
              role='button'
              data-code={r.code}
              onClick={() => choose(r)}
            >
              <Text>{r.name}</Text>
            </View>
          )) : null}
        </ScrollView>
      </View>
    </View>
  )
}
