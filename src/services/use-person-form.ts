/**
 * The state every person form keeps (实名信息, 同行人员, 辅助登记): the typed values, the message
 * of each field, a corrected field losing its message at once and a new message waiting for
 * blur, as on 申领场所码. The rules are passed in because they change with the form's mode
 * (a first save needs every field, an edit none).
 */
import { useCallback, useRef, useState } from 'react'
import type { Fail } from '../shared/api'
import type { PersonField, PersonRules } from '../shared/person-form'
import { emptyPersonForm, personFormFieldError, serverPersonErrors, type PersonFieldErrors, type PersonForm } from './person-form-state'
import { scrollToTop } from './scroll-top'

export function usePersonForm(rules: PersonRules) {
  const [form, setFormState] = useState<PersonForm>(emptyPersonForm)
  const [errors, setErrors] = useState<PersonFieldErrors>({})
  // The form's banner sits above the fields while the submit button is at the bottom.
  const [banner, setBanner] = useState('')
  // Blur fires right after the last input event: read the newest values, not the render's.
  const formRef = useRef(form)
  const rulesRef = useRef(rules)
  rulesRef.current = rules

  const setForm = useCallback((next: PersonForm) => {
    formRef.current = next
    setFormState(next)
  }, [])

  const change = useCallback((field: PersonField, value: string) => {
    setForm({ ...formRef.current, [field]: value })
    setErrors((e) => (e[field] ? { ...e, [field]: undefined } : e))
  }, [setForm])

  const blur = useCallback((field: PersonField) => {
    const msg = personFormFieldError(field, formRef.current, rulesRef.current)
    setErrors((e) => ({ ...e, [field]: msg ?? undefined }))
  }, [])

  const reset = useCallback((next: PersonForm = emptyPersonForm()) => {
    setForm(next)
    setErrors({})
  }, [setForm])

  /** Shows a message in the banner and brings it into view. */
  const warn = useCallback((message: string) => {
    setBanner(message)
    scrollToTop()
  }, [])

  /** A refusal from the server: its field messages beside the fields, its message in the banner. */
  const refused = useCallback((fail: Pick<Fail, 'message' | 'fields'>) => {
    setErrors(serverPersonErrors(fail.fields))
    warn(fail.message)
  }, [warn])

  return { form, formRef, errors, setErrors, change, blur, reset, banner, setBanner, warn, refused }
}
