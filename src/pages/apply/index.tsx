/**
 * 申领场所码: the venue admin's form (seed 000 / 004). Rules live in services/apply-form.ts;
 * this page holds state, loads regions level by level from listRegions and submits
 * generateCode. Every message appears next to its field; anything else in the banner.
 */
import Taro from '@tarojs/taro'
import { View, Text, Button, Input, Picker } from '@tarojs/components'
import { useEffect, useRef, useState } from 'react'
import type { Region } from '../../shared/api'
import { VENUE_TYPES } from '../../shared/venue-types'
import { callFunction } from '../../services/cloud'
import { callAction } from '../../services/actions'
import { DEMO_LOGIN_PLATFORM } from '../../services/session'
import {
  addressLabel, emptyApplyForm, serverFieldErrors, toGenerateCodeRequest,
  validateApplyField, validateApplyForm, type ApplyField, type ApplyForm, type FieldErrors
} from '../../services/apply-form'
import { readElderMode } from '../../services/elder-mode'
import FieldError from '../../components/FieldError'
import DemoAccounts from '../../components/DemoAccounts'
import './index.css'

const LEVELS = [
  { key: 'province', label: '省份' },
  { key: 'city', label: '城市' },
  { key: 'county', label: '区县' },
  { key: 'town', label: '乡镇/街道' }
] as const

/** The banner is at the top and the submit button at the bottom: bring the banner into view. */
function scrollToTop() {
  Promise.resolve().then(() => Taro.pageScrollTo({ scrollTop: 0, duration: 200 })).catch(() => { /* no page to scroll (tests) */ })
}

type TextField = 'address' | 'name' | 'creditCode' | 'adminName' | 'adminMobile'

export default function Apply() {
  const [form, setForm] = useState<ApplyForm>(emptyApplyForm)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [banner, setBanner] = useState('')
  const [needLogin, setNeedLogin] = useState(false)
  const [submitting, setSubmitting] = useState(false)
  // options[i] = choices at level i; chosen[i] = the picked region at level i.
  const [options, setOptions] = useState<Region[][]>([[], [], [], []])
  const [chosen, setChosen] = useState<(Region | null)[]>([null, null, null, null])
  const [regionLoading, setRegionLoading] = useState(-1)
  const formRef = useRef(form)
  formRef.current = form
  const elder = readElderMode()

  const loadLevel = async (level: number, parentCode: string) => {
    setRegionLoading(level)
    const res = await callFunction('listRegions', { parentCode })
    setRegionLoading(-1)
    if (!res.ok) {
      setErrors((e) => ({ ...e, townCode: res.message }))
      return
    }
    setOptions((prev) => prev.map((o, i) => (i === level ? res.data.regions : i > level ? [] : o)))
  }

  useEffect(() => { loadLevel(0, '') }, [])

  const pickRegion = (level: number, index: number) => {
    const region = options[level][index]
    if (!region) return
    setChosen((prev) => prev.map((r, i) => (i === level ? region : i > level ? null : r)))
    const townCode = level === LEVELS.length - 1 ? region.code : ''
    setForm((f) => ({ ...f, townCode }))
    setErrors((e) => ({ ...e, townCode: undefined }))
    if (level < LEVELS.length - 1) loadLevel(level + 1, region.code)
  }

  const setField = (field: ApplyField, value: string) => {
    setForm((f) => ({ ...f, [field]: value }))
    // A corrected field drops its old message at once; new messages wait for blur or submit.
    setErrors((e) => (e[field] ? { ...e, [field]: undefined } : e))
  }

  const checkField = (field: ApplyField) => {
    const msg = validateApplyField(field, formRef.current)
    setErrors((e) => ({ ...e, [field]: msg ?? undefined }))
  }

  const submit = async () => {
    setBanner('')
    setNeedLogin(false)
    const found = validateApplyForm(formRef.current)
    setErrors(found)
    if (Object.keys(found).length > 0) {
      setBanner('请按提示修改标红的内容')
      scrollToTop()
      return
    }
    setSubmitting(true)
    const res = await callAction('generateCode', 'apply', toGenerateCodeRequest(formRef.current))
    setSubmitting(false)
    if (res.ok) {
      Taro.redirectTo({ url: `/pages/code/index?venueId=${encodeURIComponent(res.data.venue.id)}` })
      return
    }
    const fieldErrs = serverFieldErrors(res.fields)
    setErrors(fieldErrs)
    setBanner(res.message)
    scrollToTop()
    if (res.code === 'NOT_LOGGED_IN' && DEMO_LOGIN_PLATFORM) setNeedLogin(true)
  }

  const textInput = (field: TextField, label: string, placeholder: string, extra: { maxlength?: number; type?: 'text' | 'number' } = {}) => (
    <View className={`form-item form-item--${field}${errors[field] ? ' form-item--error' : ''}`}>
      <Text className='form-item__label'>{label}</Text>
      <Input
        className={`form-item__input input-${field}`}
        name={field}
        value={form[field]}
        placeholder={placeholder}
        maxlength={extra.maxlength ?? 100}
        type={extra.type ?? 'text'}
        onInput={(e) => setField(field, e.detail.value)}
        onBlur={() => checkField(field)}
      />
      <FieldError field={field} message={errors[field]} />
    </View>
  )

  const typeIndex = VENUE_TYPES.findIndex((t) => t.id === form.type)

  return (
    <View className={`page apply${elder ? ' elder' : ''}`}>
      {banner ? <Text className='banner-error apply__banner'>{banner}</Text> : null}
      {needLogin ? <DemoAccounts title='请先登录' onSignedIn={() => { setNeedLogin(false); setBanner('') }} /> : null}

      <View className='card'>
        <Text className='section-title'>场所信息</Text>

        <View className={`form-item form-item--townCode${errors.townCode ? ' form-item--error' : ''}`}>
          <Text className='form-item__label'>所在地区</Text>
          {LEVELS.map((lv, i) => {
            const enabled = i === 0 || !!chosen[i - 1]
            const names = options[i].map((r) => r.name)
            const current = chosen[i]
            return (
              <Picker
                key={lv.key}
                mode='selector'
                range={names}
                value={Math.max(0, current ? options[i].findIndex((r) => r.code === current.code) : 0)}
                disabled={!enabled || names.length === 0}
                onChange={(e) => pickRegion(i, Number(e.detail.value))}
              >
                <View className={`picker-row region-${lv.key}${current ? '' : ' picker-row--empty'}${enabled ? '' : ' picker-row--disabled'}`}>
                  <Text className='picker-row__label'>{lv.label}</Text>
                  <Text className='picker-row__value'>
                    {current ? current.name : regionLoading === i ? '加载中…' : enabled ? `请选择${lv.label}` : '—'}
                  </Text>
                </View>
              </Picker>
            )
          })}
          <FieldError field='townCode' message={errors.townCode} />
        </View>

        <View className={`form-item form-item--type${errors.type ? ' form-item--error' : ''}`}>
          <Text className='form-item__label'>场所类型</Text>
          <Picker
            mode='selector'
            range={VENUE_TYPES.map((t) => t.label)}
            value={Math.max(0, typeIndex)}
            onChange={(e) => {
              const t = VENUE_TYPES[Number(e.detail.value)]
              if (t) { setField('type', t.id) }
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
        {textInput('adminName', '管理员姓名', '请填写真实姓名', { maxlength: 20 })}
        {textInput('adminMobile', '管理员手机号', '11位手机号码', { maxlength: 11, type: 'number' })}
      </View>

      <Text className='muted apply__privacy'>证件号码和手机号码加密保存，仅以脱敏形式显示。</Text>
      <Button className='btn btn--primary apply__submit' loading={submitting} disabled={submitting || undefined} onClick={submit}>提交申领</Button>
    </View>
  )
}
