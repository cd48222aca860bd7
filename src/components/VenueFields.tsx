/**
 * The fields of a venue (所在地区 in one cascading sheet, 场所类型, 地址, 名称, 统一社会信用代码) and of its admin, as two
 * cards, each message under its field. 申领场所码 starts blank but for the admin, who is 本人 from
 * 实名信息 when the account has one (adminSelf); 修改场所信息 passes the masked
 * current values of the fields that cannot be prefilled: they are shown as 当前 hints and the
 * inputs say 不修改请留空.
 */
import { View, Text, Input, Picker } from '@tarojs/components'
import { VENUE_TYPES } from '../shared/venue-types'
import { addressLabel, type ApplyField, type ApplyForm, type FieldErrors } from '../services/apply-form'
import type { RegionPicker } from '../services/use-venue-form'
import { chainNames } from '../services/region-cascade'
import RegionSheet from './RegionSheet'
import FieldError from './FieldError'
import './VenueFields.css'

type TextField = 'address' | 'name' | 'creditCode' | 'adminName' | 'adminMobile'
type MaskedField = 'creditCode' | 'adminName' | 'adminMobile'

interface Props {
  form: ApplyForm
  errors: FieldErrors
  regions: RegionPicker
  onChange: (field: ApplyField, value: string) => void
  onBlur: (field: ApplyField) => void
  current?: Record<MaskedField, string>
  /** 本人 as the admin, from 实名信息 (张* · 138****0001): shown instead of the two inputs until 改填其他管理员. */
  adminSelf?: { label: string; onTypeOther: () => void } | null
}

export default function VenueFields({ form, errors, regions, onChange, onBlur, current, adminSelf }: Props) {
  const textInput = (field: TextField, label: string, placeholder: string, extra: { maxlength?: number; type?: 'text' | 'number' } = {}) => {
    const now = current && field in current ? current[field as MaskedField] : null
    return (
      <View className={`form-item form-item--${field}${errors[field] ? ' form-item--error' : ''}`}>
        <Text className='form-item__label'>{label}</Text>
        {now !== null ? <Text className='form-item__current' data-field={field}>当前：{now}</Text> : null}
        <Input
          className={`form-item__input input-${field}`}
          name={field}
          value={form[field]}
          placeholder={now !== null ? '不修改请留空' : placeholder}
          maxlength={extra.maxlength ?? 100}
          type={extra.type ?? 'text'}
          onInput={(e) => onChange(field, e.detail.value)}
          onBlur={() => onBlur(field)}
        />
        <FieldError field={field} message={errors[field]} />
      </View>
    )
  }

  const typeIndex = VENUE_TYPES.findIndex((t) => t.id === form.type)
  const { chain } = regions

  return (
    <View className='venue-fields'>
      <View className='card'>
        <Text className='section-title'>场所信息</Text>

        <View className={`form-item form-item--townCode${errors.townCode ? ' form-item--error' : ''}`}>
          <Text className='form-item__label'>所在地区</Text>
          <View className={`picker-row region-picker${chain.length ? '' : ' picker-row--empty'}`} onClick={regions.show}>
            <Text className='picker-row__value region-picker__value'>{chain.length ? chainNames(chain).join(' ') : '选择省、市、区县、街道'}</Text>
            <Text className='picker-row__more'>选择</Text>
          </View>
          <FieldError field='townCode' message={errors.townCode} />
        </View>
        {regions.open ? <RegionSheet regions={regions} /> : null}

        <View className={`form-item form-item--type${errors.type ? ' form-item--error' : ''}`}>
          <Text className='form-item__label'>场所类型</Text>
          <Picker
            mode='selector'
            range={VENUE_TYPES.map((t) => t.label)}
            value={Math.max(0, typeIndex)}
            onChange={(e) => {
              const t = VENUE_TYPES[Number(e.detail.value)]
              if (t) onChange('type', t.id)
            }}
          >
            <View className={`picker-row venue-type${typeIndex < 0 ? ' picker-row--empty' : ''}`}>
              <Text className='picker-row__value'>{typeIndex >= 0 ? VENUE_TYPES[typeIndex].label : '请选择场所类型'}</Text>
            </View>
          </Picker>
          <FieldError field='type' message={errors.type} />
        </View>

        {textInput('address', addressLabel(form.type), addressLabel(form.type) === '详细地址' ? '如：泉城路1号' : '如：鲁A12345 或 K51路')}
        {textInput('name', '场所名称', '与营业执照一致的完整名称', { maxlength: 50 })}
        {textInput('creditCode', '统一社会信用代码', '18位，见营业执照', { maxlength: 18 })}
      </View>

      <View className='card'>
        <Text className='section-title'>管理员信息</Text>
        {adminSelf ? (
          <View className='form-item admin-self'>
            <Text className='form-item__label'>管理员（本人，来自实名信息）</Text>
            <View className='picker-row admin-self__row'>
              <Text className='picker-row__value admin-self__value'>{adminSelf.label}</Text>
              <View className='admin-self__other' role='button' onClick={adminSelf.onTypeOther}><Text className='picker-row__more'>改填其他管理员</Text></View>
            </View>
          </View>
        ) : (
          <View>
            {textInput('adminName', '管理员姓名', '请填写真实姓名', { maxlength: 20 })}
            {textInput('adminMobile', '管理员手机号', '11位手机号码', { maxlength: 11, type: 'number' })}
          </View>
        )}
      </View>
    </View>
  )
}
