import { Text } from '@tarojs/components'

/** The message printed right under a form field; `data-field` lets tests find the field's error. */
export default function FieldError({ field, message }: { field: string; message?: string | null }) {
  if (!message) return null
  return <Text className='field-error' data-field={field}>{message}</Text>
}
