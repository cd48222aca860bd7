/**
 * 同行人员: family members without a phone (an elderly parent, a child) whom the holder checks in
 * together with themself. A list with masked values, add, edit and remove; at most
 * MAX_COMPANIONS. Edits start empty (only masked values come back) and send what was typed.
 * Adding needs a verified identity (else the refusal comes with 去核验); a companion who holds
 * their own verified account is 待对方在其手机上同意 until they accept on their phone, and the
 * requests other accounts sent this person are answered here (同意 / 拒绝, 撤回同意).
 * Data: people.listCompanions, companionRequests, addCompanion, updateCompanion, removeCompanion,
 * answerCompanionRequest.
 */
import Taro from '@tarojs/taro'
import { View, Text, Button } from '@tarojs/components'
import { useState } from 'react'
import type { CompanionRequestView, CompanionView, PersonInput, Relation } from '../../shared/api'
import { MAX_COMPANIONS, RELATION_LABELS } from '../../shared/api'
import { COMPANION_RULES, EDIT_RULES } from '../../shared/person-form'
import { idCardLast4 } from '../../shared/mask'
import { personDetail, removeCompanionQuestion } from '../../services/person-label'
import { callAction } from '../../services/actions'
import {
  companionChanges, emptyPersonForm, personFormErrors, personRequest
} from '../../services/person-form-state'
import { usePersonForm } from '../../services/use-person-form'
import { useLoaded } from '../../services/use-loaded'
import { COMPANION_PENDING, COMPANION_REQUEST_EXPLAIN, companionRequestLine, loadCompanionsPage } from '../../services/companions-view'
import { VERIFY_BUTTON } from '../../services/identity-view'
import { readElderMode } from '../../services/elder-mode'
import { scrollToTop } from '../../services/scroll-top'
import PersonFields from '../../components/PersonFields'
import { NotLoaded } from '../../components/LoadError'
import './index.css'

type Editor = null | { mode: 'add' } | { mode: 'edit'; companion: CompanionView }

export default function Companions() {
  const { loaded, load, setData } = useLoaded(loadCompanionsPage)
  const [editor, setEditor] = useState<Editor>(null)
  const { form, formRef, errors, setErrors, change, blur, reset, banner, setBanner, warn, refused } = usePersonForm(editor?.mode === 'edit' ? EDIT_RULES : COMPANION_RULES)
  const [notice, setNotice] = useState('')
  const [busy, setBusy] = useState(false)
  // The last refusal was IDENTITY_UNVERIFIED: the banner offers 去核验.
  const [needVerify, setNeedVerify] = useState(false)
  const [answering, setAnswering] = useState('')
  const elder = readElderMode()

  const root = `page companions${elder ? ' elder' : ''}`
  if (loaded.kind !== 'ok') return <View className={root}><NotLoaded loaded={loaded} onRetry={load} /></View>

  const { companions, requests, requestsError } = loaded.data
  const full = companions.length >= MAX_COMPANIONS

  const open = (next: Editor) => {
    setEditor(next)
    reset(emptyPersonForm(next?.mode === 'edit' ? next.companion.relation : ''))
    setBanner('')
    setNotice('')
    setNeedVerify(false)
    scrollToTop()
  }

  const save = async () => {
    if (!editor) return
    setBanner('')
    setNeedVerify(false)
    const isEdit = editor.mode === 'edit'
    const found = personFormErrors(formRef.current, isEdit ? EDIT_RULES : COMPANION_RULES)
    setErrors(found)
    if (Object.keys(found).length > 0) { warn('请按提示修改标红的内容'); return }
    let res
    if (isEdit) {
      const changes = companionChanges(formRef.current, editor.companion.relation)
      if (Object.keys(changes).length === 0) { warn('请填写要修改的项目，不修改的项目留空即可'); return }
      setBusy(true)
      res = await callAction('people', 'updateCompanion', { personId: editor.companion.personId, ...changes })
    } else {
      // Validated above: name, ID number and relation are present.
      const input = personRequest(formRef.current, ['name', 'idCard', 'phone', 'relation']) as PersonInput & { relation: Relation }
      setBusy(true)
      res = await callAction('people', 'addCompanion', input)
    }
    setBusy(false)
    if (!res.ok) {
      refused(res)
      setNeedVerify(res.code === 'IDENTITY_UNVERIFIED')
      return
    }
    const saved = res.data.companion
    setData((d) => ({
      ...d,
      companions: isEdit ? d.companions.map((c) => (c.personId === saved.personId ? saved : c)) : [...d.companions, saved]
    }))
    setEditor(null)
    reset()
    setNotice(isEdit ? '已保存修改' : saved.pending ? `已发送请求，${COMPANION_PENDING}` : '已添加')
  }

  const answer = async (r: CompanionRequestView, accept: boolean) => {
    if (answering) return
    setBanner('')
    setNotice('')
    setAnswering(r.requestId)
    const res = await callAction('people', 'answerCompanionRequest', { requestId: r.requestId, accept })
    setAnswering('')
    if (!res.ok) { warn(res.message); return }
    setData((d) => ({ ...d, requests: res.data.requests }))
    setNotice(accept ? `已同意 ${r.fromNameMasked} 的请求` : r.accepted ? '已撤回同意' : '已拒绝')
  }

  const remove = async (c: CompanionView) => {
    setBanner('')
    setNotice('')
    const answer = await Taro.showModal({
      title: '删除同行人员',
      content: removeCompanionQuestion(c.nameMasked, RELATION_LABELS[c.relation], idCardLast4(c.idCardMasked)),
      confirmText: '删除',
      confirmColor: '#d4380d'
    })
    if (!answer.confirm) return
    const res = await callAction('people', 'removeCompanion', { personId: c.personId })
    if (!res.ok) { warn(res.message); return }
    setData((d) => ({ ...d, companions: d.companions.filter((x) => x.personId !== c.personId) }))
    if (editor?.mode === 'edit' && editor.companion.personId === c.personId) setEditor(null)
    setNotice('已删除')
  }

  return (
    <View className={root}>
      {banner ? <Text className='banner-error companions__banner'>{banner}</Text> : null}
      {needVerify ? (
        // Back from 实名信息 verified, the form is still here: 保存 again adds the companion.
        <Button className='btn btn--primary companions__verify' onClick={() => Taro.navigateTo({ url: '/pages/profile/index?then=back' })}>{VERIFY_BUTTON}</Button>
      ) : null}
      {notice ? <Text className='banner-ok companions__notice'>{notice}</Text> : null}

      {requests.length > 0 || requestsError ? (
        <View className='card companions__requests'>
          <Text className='section-title'>请求添加我为同行人员</Text>
          {requestsError ? <Text className='muted companions__requests-error'>{requestsError}</Text> : null}
          {requests.length > 0 ? <Text className='companions__requests-explain'>{COMPANION_REQUEST_EXPLAIN}</Text> : null}
          {requests.map((r) => {
            const line = companionRequestLine(r)
            const mine = answering === r.requestId
            return (
              <View key={r.requestId} className={`companion-request${r.accepted ? ' companion-request--accepted' : ''}`} data-request={r.requestId}>
                <Text className='companion-request__text'>{line.text}</Text>
                <Text className='companion-request__at'>{line.at}{r.accepted ? ' · 已同意' : ''}</Text>
                <View className='companion__actions'>
                  {r.accepted ? (
                    <Button className='btn btn--ghost companion-request__withdraw' disabled={mine || undefined} onClick={() => answer(r, false)}>撤回同意</Button>
                  ) : (
                    <>
                      <Button className='btn btn--primary companion-request__accept' disabled={mine || undefined} onClick={() => answer(r, true)}>同意</Button>
                      <Button className='btn btn--ghost companion-request__decline' disabled={mine || undefined} onClick={() => answer(r, false)}>拒绝</Button>
                    </>
                  )}
                </View>
              </View>
            )
          })}
        </View>
      ) : null}

      <View className='card companions__head'>
        <View className='companions__title-line'>
          <Text className='section-title companions__title'>同行人员</Text>
          <Text className='companions__count'>{companions.length}/{MAX_COMPANIONS}</Text>
        </View>
        <Text className='companions__explain'>同行人员是和您一起出行、没有手机的家人（如老人、孩子），扫码时勾选即可和您一并登记。</Text>
      </View>

      {editor ? (
        <View className='card companions__editor'>
          <Text className='section-title'>{editor.mode === 'edit' ? '修改同行人员' : '添加同行人员'}</Text>
          <PersonFields
            form={form}
            errors={errors}
            onChange={change}
            onBlur={blur}
            withRelation
            optional={['phone']}
            current={editor.mode === 'edit'
              ? { name: editor.companion.nameMasked, idCard: editor.companion.idCardMasked, phone: editor.companion.phoneMasked }
              : undefined}
          />
          <Button className='btn btn--primary companions__save' loading={busy} disabled={busy || undefined} onClick={save}>保存</Button>
          <Button className='btn btn--ghost companions__cancel' onClick={() => { setEditor(null); reset(); setBanner(''); setNeedVerify(false) }}>取消</Button>
        </View>
      ) : null}

      {companions.length === 0 && !editor ? (
        <View className='card companions__empty'><Text className='muted'>还没有同行人员</Text></View>
      ) : null}

      {companions.map((c) => (
        <View key={c.personId} className='card companion' data-person={c.personId}>
          <View className='companion__line'>
            <Text className='companion__name'>{c.nameMasked}</Text>
            <Text className='companion__relation'>{personDetail(RELATION_LABELS[c.relation], idCardLast4(c.idCardMasked))}</Text>
          </View>
          {c.pending ? <Text className='companion__pending'>{COMPANION_PENDING}</Text> : null}
          <Text className='companion__detail companion__id'>身份证 {c.idCardMasked}</Text>
          <Text className='companion__detail companion__phone'>{c.phoneMasked ? `手机 ${c.phoneMasked}` : '未填写手机号'}</Text>
          <View className='companion__actions'>
            <Button className='btn btn--ghost companion__edit' onClick={() => open({ mode: 'edit', companion: c })}>修改</Button>
            <Button className='btn btn--ghost companion__remove' onClick={() => remove(c)}>删除</Button>
          </View>
        </View>
      ))}

      {editor ? null : (
        <Button
          className='btn btn--primary companions__add'
          disabled={full || undefined}
          onClick={() => { if (!full) open({ mode: 'add' }) }}
        >
          {full ? `同行人员已满${MAX_COMPANIONS}人` : '添加同行人员'}
        </Button>
      )}
    </View>
  )
}
