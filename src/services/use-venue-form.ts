/**
 * The state of the venue form (申领场所码, 修改场所信息): the typed values, each field's message
 * (a corrected field loses its message at once, a new one waits for blur or submit), and the
 * region sheet (services/region-cascade.ts) loaded level by level from listRegions. The field rule is passed in because
 * an application needs every field and an edit only what changes.
 */
import { useCallback, useRef, useState } from 'react'
import type { Fail, Region, RegionPath } from '../shared/api'
import { autoChoice, chainOf, chainValue, chooseAt, openingLevel, parentCodeAt, REGION_DEPTH, type RegionChain } from './region-cascade'
import { callFunction } from './cloud'
import { scrollToTop } from './scroll-top'
import { afterEdit, bannerText, emptyApplyForm, NO_BANNER, serverFieldErrors, type FormBanner, type ApplyField, type ApplyForm, type FieldErrors, type FieldRule } from './apply-form'

export interface RegionPicker {
  /** The regions chosen so far, province first (all four once a town is chosen). */
  chain: Region[]
  /** Whether the sheet is open, the level it lists, and that level's choices. */
  open: boolean
  level: number
  options: Region[]
  loading: boolean
  show: () => void
  hide: () => void
  /** A tab of the sheet: list that level's choices again (the chain stays until a new choice). */
  goTo: (level: number) => void
  choose: (region: Region) => void
}

// Regions do not change while the app runs: each level is asked for once per parent.
const regionCache = new Map<string, Region[]>()

export function useVenueForm(rule: FieldRule) {
  const [form, setFormState] = useState<ApplyForm>(emptyApplyForm)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [bannerState, setBannerState] = useState<FormBanner>(NO_BANNER)
  const [chain, setChain] = useState<RegionChain>([])
  const [sheet, setSheet] = useState({ open: false, level: 0, options: [] as Region[], loading: false })
  // Blur fires right after the last input event: read the newest values, not the render's.
  const formRef = useRef(form)
  const chainRef = useRef<RegionChain>([])
  // The parent whose choices the sheet waits for: an answer for an earlier tap is dropped.
  const waitingFor = useRef<string | null>(null)
  const sheetLevel = useRef(0)

  const setForm = useCallback((update: (f: ApplyForm) => ApplyForm) => {
    formRef.current = update(formRef.current)
    setFormState(formRef.current)
  }, [])

  const fetchChildren = useCallback(async (parentCode: string): Promise<Region[] | null> => {
    const cached = regionCache.get(parentCode)
    if (cached) return cached
    const res = await callFunction('listRegions', { parentCode })
    if (!res.ok) {
      setErrors((e) => ({ ...e, townCode: res.message }))
      return null
    }
    regionCache.set(parentCode, res.data.regions)
    return res.data.regions
  }, [])

  const setChainTo = useCallback((next: RegionChain) => {
    chainRef.current = next
    setChain(next)
    setForm((f) => ({ ...f, townCode: chainValue(next) }))
  }, [setForm])

  /** Lists a level's choices in the sheet; a level with one choice is taken and the next listed. */
  const list = useCallback(async (level: number): Promise<void> => {
    const parentCode = parentCodeAt(chainRef.current, level)
    waitingFor.current = parentCode
    sheetLevel.current = level
    setSheet((s) => ({ ...s, level, options: regionCache.get(parentCode) ?? [], loading: !regionCache.has(parentCode) }))
    const options = await fetchChildren(parentCode)
    if (waitingFor.current !== parentCode) return
    setSheet((s) => ({ ...s, options: options ?? [], loading: false }))
    const only = options ? autoChoice(options) : null
    if (only && chainRef.current[level]?.code !== only.code) {
      setChainTo(chooseAt(chainRef.current, level, only))
      if (level + 1 < REGION_DEPTH) await list(level + 1)
      else setSheet((s) => ({ ...s, open: false }))
    }
  }, [fetchChildren, setChainTo])

  /** Shows a venue's region (修改场所信息), or starts empty with the provinces fetched ahead. */
  const startRegions = useCallback((path?: RegionPath) => {
    if (path) { chainRef.current = chainOf(path); setChain(chainRef.current); return }
    fetchChildren('')
  }, [fetchChildren])

  const show = useCallback(() => {
    setSheet((s) => ({ ...s, open: true }))
    list(openingLevel(chainRef.current))
  }, [list])

  const hide = useCallback(() => {
    waitingFor.current = null
    setSheet((s) => ({ ...s, open: false }))
  }, [])

  const choose = useCallback((region: Region) => {
    const level = sheetLevel.current
    const next = chooseAt(chainRef.current, level, region)
    setChainTo(next)
    setErrors((e) => ({ ...e, townCode: undefined }))
    setBannerState(afterEdit)
    if (next.length === REGION_DEPTH) hide()
    else list(level + 1)
  }, [setChainTo, hide, list])

  const change = useCallback((field: ApplyField, value: string) => {
    setForm((f) => ({ ...f, [field]: value }))
    setBannerState(afterEdit)
    setErrors((e) => (e[field] ? { ...e, [field]: undefined } : e))
  }, [setForm])

  const ruleRef = useRef(rule)
  ruleRef.current = rule
  const blur = useCallback((field: ApplyField) => {
    const msg = ruleRef.current(field, formRef.current)
    setErrors((e) => ({ ...e, [field]: msg ?? undefined }))
  }, [])

  const setBanner = useCallback((message: string) => setBannerState({ message, aboutFields: false }), [])

  /**
   * Shows a message in the banner at the top and brings it into view. A message about the
   * marked fields (aboutFields) goes once none is marked any more.
   */
  const warn = useCallback((message: string, aboutFields = false) => {
    setBannerState({ message, aboutFields })
    scrollToTop()
  }, [])

  /** A refusal from the server: its field messages beside the fields, its message in the banner. */
  const refused = useCallback((fail: Pick<Fail, 'message' | 'fields'>) => {
    const fields = serverFieldErrors(fail.fields)
    setErrors(fields)
    warn(fail.message, Object.keys(fields).length > 0)
  }, [warn])

  const regions: RegionPicker = { chain, ...sheet, show, hide, goTo: list, choose }
  const banner = bannerText(bannerState, errors)
  return { form, formRef, setForm, errors, setErrors, change, blur, banner, setBanner, warn, refused, regions, startRegions }
}
