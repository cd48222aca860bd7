/**
 * One person's status as the inspector at the door reads it: masked name, who they are to the
 * account (本人, 子女, 辅助登记), a live clock so a screenshot of an old screen shows, and the
 * health status as a big block of its colour. Used by the check-in result (one card per person
 * entered) and by 辅助登记. A compact card (a green companion) keeps name, label and colour.
 * A yellow or red person's card says, under the colour, that they must not go in. A person
 * whose status may not be shown (identity not verified, venue not reviewed) gets a grey, dashed
 * block that says why, full size and never coloured: an inspector glancing at it from a metre
 * away must not take it for green.
 */
import { View, Text, Button } from '@tarojs/components'
import { useEffect, useState } from 'react'
import type { CheckInVenue, HealthStatus, StatusHidden } from '../shared/api'
import { HEALTH_STATUS_LABELS } from '../shared/api'
import { entryAdvice } from '../shared/entry-advice'
import { formatShanghai } from '../shared/time'
import { STATUS_HIDDEN_EXPLAIN, statusHiddenLabel, VERIFY_BUTTON } from '../services/identity-view'
import StopAdvice from './StopAdvice'
import './PersonStatusCard.css'

/** Seconds tick so the inspector sees a live screen, not a screenshot of an old one. */
function LiveClock() {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(id)
  }, [])
  return (
    <View className='status-card__clock'>
      <Text className='status-card__clock-date'>{formatShanghai(now, 'YYYY年MM月DD日')}</Text>
      {/* checkin__clock-time: the name the core-loop browser test reads the live clock by. */}
      <Text className='status-card__clock-time checkin__clock-time'>{formatShanghai(now, 'HH:mm:ss')}</Text>
    </View>
  )
}

interface Props {
  nameMasked: string
  /** Null when the status may not be shown here; statusHidden says why. */
  healthStatus: HealthStatus | null
  statusHidden?: StatusHidden | null
  /** 去核验 on a card hidden for want of a verified identity (the holder's own card). */
  onVerify?: () => void
  /** 本人, a relation label, or 辅助登记 */
  tag: string
  size?: 'full' | 'compact'
  /** Folded into an entry made a moment ago: say so, so nobody scans twice. */
  repeated?: boolean
  personId?: string
  /**
   * False where the page draws the live clock and the 请勿进入 advice once for everyone (the
   * check-in result): per card they pushed the venue below the fold and repeated the advice.
   */
  clock?: boolean
  advice?: boolean
}

export default function PersonStatusCard({ nameMasked, healthStatus, statusHidden = null, onVerify, tag, size = 'full', repeated, personId, clock = true, advice = true }: Props) {
  const who = (
    <View className='status-card__who'>
      <Text className='status-card__name person-name'>{nameMasked}</Text>
      <Text className='status-card__tag'>{tag}</Text>
    </View>
  )
  if (!healthStatus) {
    const hidden = statusHidden ?? 'identity_unverified'
    return (
      <View className={`status-card status-card--full status-card--hidden status-card--${hidden}`} data-person={personId} data-hidden={hidden}>
        {who}
        {clock ? <LiveClock /> : null}
        <View className='status-card__status status-card__status--hidden'>
          <Text className='status-card__hidden-text'>{statusHiddenLabel(hidden)}</Text>
        </View>
        <Text className='status-card__hidden-explain'>{STATUS_HIDDEN_EXPLAIN[hidden]}</Text>
        {hidden === 'identity_unverified' && onVerify ? (
          <Button className='btn btn--primary status-card__verify' onClick={onVerify}>{VERIFY_BUTTON}</Button>
        ) : null}
        {repeated ? <Text className='status-card__repeated'>已登记，无需重复扫码</Text> : null}
      </View>
    )
  }
  const label = HEALTH_STATUS_LABELS[healthStatus]
  const full = size === 'full'
  return (
    <View className={`status-card status-card--${size} status-card--${healthStatus}`} data-person={personId}>
      {who}
      {full && clock ? <LiveClock /> : null}
      <View className={`${full ? 'status-card__status' : 'status-card__chip'} health-status health-status--${healthStatus}`}>
        <Text className={full ? 'status-card__status-text' : 'status-card__chip-text'}>{label}</Text>
      </View>
      {advice ? <StopAdvice advice={entryAdvice({ healthStatus })} /> : null}
      {repeated ? <Text className='status-card__repeated'>已登记，无需重复扫码</Text> : null}
    </View>
  )
}

/** Where and when, under the cards: venue name, full address, checkpoint, time, and how. */
export function VenueBlock({ venue, at, atLabel = '扫码时间', method }: { venue: CheckInVenue; at: string; atLabel?: string; method?: string }) {
  return (
    <View className='status-venue'>
      <Text className='status-venue__label'>场所</Text>
      <Text className='venue-name'>{venue.name}</Text>
      <Text className='venue-address'>{venue.fullAddress}</Text>
      <View className='status-venue__row'>
        <Text className='status-venue__row-label'>检测点</Text>
        <Text className='status-venue__row-value checkpoint-name'>{venue.checkpointName}</Text>
      </View>
      <View className='status-venue__row'>
        <Text className='status-venue__row-label'>{atLabel}</Text>
        <Text className='status-venue__row-value checked-in-at'>{formatShanghai(at)}</Text>
      </View>
      {method ? (
        <View className='status-venue__row'>
          <Text className='status-venue__row-label'>登记方式</Text>
          <Text className='status-venue__row-value entry-method'>{method}</Text>
        </View>
      ) : null}
    </View>
  )
}

/**
 * The head of the check-in result, on the blue: venue name, full address, checkpoint and the
 * live clock, so all four are on the first screen whatever the colour or the group's size.
 */
export function VenueHeader({ venue }: { venue: CheckInVenue }) {
  return (
    <View className='venue-head'>
      <Text className='venue-name'>{venue.name}</Text>
      <Text className='venue-address'>{venue.fullAddress}</Text>
      <View className='venue-head__row'>
        <Text className='venue-head__checkpoint'>检测点：<Text className='checkpoint-name'>{venue.checkpointName}</Text></Text>
        <LiveClock />
      </View>
    </View>
  )
}
