/**
 * The fields of a person typed in (姓名, 身份证号码, 手机号码, and 与本人关系 for a companion),
 * each with its message under it. On an edit the current value arrives masked only, so it is
 * shown as the hint and the field starts empty: what stays empty stays unchanged.
 */
import { View, Text, Input, Picker } from '@tarojs/components'
import { RELATIONS, RELATION_LABELS, type Relation } from '../shared/api'
import type { PersonField } from '../shared/person-form'
import type { PersonFieldErrors, PersonForm, PersonTextField } from '../services/person-form-state'
import FieldError from './FieldError'
import './PersonFields.css'

interface Props {
  form: PersonForm
  errors: PersonFieldErrors
  onChange: (field: PersonField, value: string) => void
  onBlur: (field: PersonField) => void
  /** Masked current values: shown as 当前 hints, and the inputs say 不修改请留空. */
  current?: Partial<Record<PersonTextField, string | null>>
  /** Fields that may stay empty on a first entry (a child has no mobile). */
  optional?: PersonTextField[]
  /** A field that cannot change, with the reason shown in its place. */
  locked?: Partial<Record<PersonTextField, string>>
  /** Show the 与本人关系 picker (companions). */
  withRelation?: boolean
}

const LABELS: Record<PersonTextField, string> = { name: '姓名', idCard: '身份证号码', phone: '手机号码' }
const PLACEHOLDERS: Record<PersonTextField, string> = { name: '与身份证一致的姓名', idCard: '18位身份证号码', phone: '11位手机号码' }
const INPUT: Record<PersonTextField, { maxlength: number; type: 'text' | 'idcard' | 'number' }> = {
  name: { maxlength: 20, type: 'text' },
  idCard: { maxlength: 18, type: 'idcard' },
  phone: { maxlength: 11, type: 'number' }
}

export default function PersonFields({ form, errors, onChange, onBlur, current, optional = [], locked = {}, withRelation }: Props) {
  const text = (field: PersonTextField) => {
    const now = current?.[field]
    const editing = current !== undefined
    const lockedReason = locked[field]
    return (
      <View key={field} className={`person-field person-field--${field}${errors[field] ? ' person-field--error' : ''}`}>
        <Text className='person-field__label'>{LABELS[field]}{optional.includes(field) ? '（选填）' : ''}</Text>
        {editing ? <Text className='person-field__current' data-field={field}>当前：{now || '未填写'}</Text> : null}
        {lockedReason ? (
          <Text className='person-field__locked' data-field={field}>{lockedReason}</Text>
        ) : (
          <Input
            className={`person-field__input input-${field}`}
            name={field}
            value={form[field]}
            placeholder={editing ? '不修改请留空' : PLACEHOLDERS[field]}
            maxlength={INPUT[field].maxlength}
            type={INPUT[field].type}
            onInput={(e) => onChange(field, e.detail.value)}
            onBlur={() => onBlur(field)}
          />
        )}
        <FieldError field={field} message={errors[field]} />
      </View>
    )
  }

  const relationIndex = form.relation ? RELATIONS.indexOf(form.relation) : -1
  return (
    <View className='person-fields'>
      {text('name')}
      {text('idCard')}
      {withRelation ? (
        <View className={`person-field person-field--relation${errors.relation ? ' person-field--error' : ''}`}>
          <Text className='person-field__label'>与本人关系</Text>
          <Picker
            mode='selector'
            range={RELATIONS.map((r) => RELATION_LABELS[r])}
            value={Math.max(0, relationIndex)}
            onChange={(e) => {
              const r: Relation | undefined = RELATIONS[Number(e.detail.value)]
              if (r) onChange('relation', r)
            }}
          >
            <View className={`person-field__picker relation-picker${relationIndex < 0 ? ' person-field__picker--empty' : ''}`}>
              <Text>{relationIndex >= 0 ? RELATION_LABELS[RELATIONS[relationIndex]] : '请选择与本人的关系'}</Text>
              <Text className='person-field__arrow'>›</Text>
            </View>
          </Picker>
          <FieldError field='relation' message={errors.relation} />
        </View>
      ) : null}
      {text('phone')}
    </View>
  )
}
