/**
 * The reason an official's decision needs (审核意见, 复核意见, 答复理由): a label that says it is
 * required, one large input, the message under it. Every decision is written down with its
 * reason, so the three decision cards share this one field.
 */
import { View, Text, Input } from '@tarojs/components'
import { REASON_MAX } from '../../services/official-forms'
import FieldError from '../../components/FieldError'

interface Props {
  label: string
  placeholder: string
  /** The input's own class, by which pages and tests find it. */
  inputClass: string
  value: string
  error: string
  onChange: (value: string) => void
}

export default function ReasonField({ label, placeholder, inputClass, value, error, onChange }: Props) {
  return (
    <View className={`official-field${error ? ' official-field--error' : ''}`}>
      <Text className='official-field__label'>{label}</Text>
      <Input
        className={`official-field__box ${inputClass} input-reason`}
        maxlength={REASON_MAX}
        value={value}
        placeholder={placeholder}
        onInput={(e) => onChange(e.detail.value)}
      />
      <FieldError field='reason' message={error} />
    </View>
  )
}
