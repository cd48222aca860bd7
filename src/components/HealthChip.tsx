import { Text } from '@tarojs/components'
import type { HealthStatus, StatusHidden } from '../shared/api'
import { HEALTH_STATUS_LABELS } from '../shared/api'
import { statusHiddenLabel } from '../services/identity-view'
import './HealthChip.css'

/**
 * A small status label in its colour, for lists and summaries (the door screen uses
 * PersonStatusCard). No status (identity not verified, venue not reviewed) is a grey chip that
 * says why: never a colour, so nobody reads it as green.
 */
export default function HealthChip({ status, hidden = null }: { status: HealthStatus | null; hidden?: StatusHidden | null }) {
  if (!status) return <Text className='health-chip health-chip--hidden'>{statusHiddenLabel(hidden)}</Text>
  return <Text className={`health-chip health-chip--${status}`}>{HEALTH_STATUS_LABELS[status]}</Text>
}
