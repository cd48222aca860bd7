/**
 * The state of the venue form (申领场所码, 修改场所信息): the typed values, each field's message
 * (a corrected field loses its message at once, a new one waits for blur or submit), and the
 * region pickers loaded level by level from listRegions. The field rule is passed in because
 * an application needs every field and an edit only what changes.
 */
import { useCallback, useRef, useState } from 'react'
import type { Fail, Region, RegionPath } from '../shared/api'
import { callFunction } from './cloud'
import { scrollToTop } from './scroll-top'
import { emptyApplyForm, serverFieldErrors, type ApplyField, type ApplyForm, type FieldErrors, type FieldRule } from './apply-form'

export const REGION_LEVELS = [
  { key: 'province', label: '省份' },
  { key: 'city', label: '城市' },
  { key: 'county', label: '区县' },
  { key: 'town', label: '乡镇/街道' }
] as const

export interface RegionPicker {
  /** options[i]: the choices at level i; chosen[i]: the region picked there. */
  options: Region[][]
  chosen: (Region | null)[]
  /** The level whose choices are loading, or -1. */
  loading: number
  pick: (level: number, index: number) => void
}

export function useVenueForm(rule: FieldRule) {
  const [form, setFormState] = useState<ApplyForm>(emptyApplyForm)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [banner, setBanner] = useState('')
  const [options, setOptions] = useState<Region[][]>([[], [], [], []])
  const [chosen, setChosen] = useState<(Region | null)[]>([null, null, null, null])
  const [loading, setLoading] = useState(-1)
  // Blur fires right after the last input event: read the newest values, not the render's.
  const formRef = useRef(form)
  // The parent each level's choices belong to: an answer for an earlier pick is dropped.
  const parents = useRef<string[]>(['', '', '', ''])

  const setForm = useCallback((update: (f: ApplyForm) => ApplyForm) => {
    formRef.current = update(formRef.current)
    setFormState(formRef.current)
  }, [])

  const loadLevel = useCallback(async (level: number, parentCode: string) => {
    parents.current[level] = parentCode
    setLoading(level)
    const res = await callFunction('listRegions', { parentCode })
    if (parents.current[level] !== parentCode) return
    setLoading(-1)
    if (!res.ok) {
      setErrors((e) => ({ ...e, townCode: res.message }))
      return
    }
    setOptions((prev) => prev.map((o, i) => (i === level ? res.data.regions : o)))
  }, [])

  /** Loads the pickers: empty, or showing a venue's region with every level's choices ready. */
  const startRegions = useCallback((path?: RegionPath) => {
    if (!path) { loadLevel(0, ''); return }
    setChosen([path.province, path.city, path.county, path.town])
    const codes = ['', path.province.code, path.city.code, path.county.code]
    codes.forEach((code, level) => { loadLevel(level, code) })
  }, [loadLevel])

  const pick = useCallback((level: number, index: number) => {
    const region = options[level][index]
    if (!region) return
    setChosen((prev) => prev.map((r, i) => (i === level ? region : i > level ? null : r)))
    setOptions((prev) => prev.map((o, i) => (i > level ? [] : o)))
    for (let i = level + 1; i < REGION_LEVELS.length; i++) parents.current[i] = '-'
    const last = level === REGION_LEVELS.length - 1
    setForm((f) => ({ ...f, townCode: last ? region.code : '' }))
    setErrors((e) => ({ ...e, townCode: undefined }))
    if (!last) loadLevel(level + 1, region.code)
  }, [options, loadLevel, setForm])

  const change = useCallback((field: ApplyField, value: string) => {
    setForm((f) => ({ ...f, [field]: value }))
    setErrors((e) => (e[field] ? { ...e, [field]: undefined } : e))
  }, [setForm])

  const ruleRef = useRef(rule)
  ruleRef.current = rule
  const blur = useCallback((field: ApplyField) => {
    const msg = ruleRef.current(field, formRef.current)
    setErrors((e) => ({ ...e, [field]: msg ?? undefined }))
  }, [])

  /** Shows a message in the banner at the top and brings it into view. */
  const warn = useCallback((message: string) => {
    setBanner(message)
    scrollToTop()
  }, [])

  /** A refusal from the server: its field messages beside the fields, its message in the banner. */
  const refused = useCallback((fail: Pick<Fail, 'message' | 'fields'>) => {
    setErrors(serverFieldErrors(fail.fields))
    warn(fail.message)
  }, [warn])

  const regions: RegionPicker = { options, chosen, loading, pick }
  return { form, formRef, setForm, errors, setErrors, change, blur, banner, setBanner, warn, refused, regions, startRegions }
}
