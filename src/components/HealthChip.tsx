import { Text } from '@tarojs/components'
import type { HealthStatus } from '../shared/api'
import { HEALTH_STATUS_LABELS } from '../shared/api'
import './HealthChip.css'

/** A small status label in its colour, for lists and summaries (the door screen uses PersonStatusCard). */
export default function HealthChip({ status }: { status: HealthStatus }) {
  return <Text className={`health-chip health-chip--${status}`}>{HEALTH_STATUS_LABELS[status]}</Text>
}
