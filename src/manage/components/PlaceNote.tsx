import { Text } from '@tarojs/components'
import type { Note } from '../../services/use-venue-detail'

/** The hub's last message, shown only at the place it belongs to (beside the action taken). */
export default function PlaceNote({ note, at }: { note: Note | null; at: string }) {
  if (!note || note.at !== at) return null
  return <Text className={`${note.ok ? 'banner-ok' : 'banner-error'} place-note`} data-at={at}>{note.text}</Text>
}
