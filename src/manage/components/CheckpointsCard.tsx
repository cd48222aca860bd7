/**
 * 检测点管理 on the hub: each checkpoint with its own 场所码 (查看场所码), 重命名 in place (the
 * printed code keeps working) and 删除 (its printed codes stop working at once), and 添加检测点.
 * Names follow checkpointNameError here and on the server alike.
 */
import Taro from '@tarojs/taro'
import { View, Text, Button, Input } from '@tarojs/components'
import { useState } from 'react'
import { MAX_CHECKPOINTS, type CheckpointView, type Result, type VenueDetail } from '../../shared/api'
import { checkpointNameError } from '../../shared/venue-application'
import { callAction } from '../../services/actions'
import { confirmDanger } from '../../services/confirm'
import { venueLinks } from '../../services/venue-manage'
import type { Note } from '../../services/use-venue-detail'
import FieldError from '../../components/FieldError'
import PlaceNote from './PlaceNote'

interface Props {
  venueId: string
  checkpoints: CheckpointView[]
  note: Note | null
  clearNote: () => void
  change: (at: string, call: () => Promise<Result<VenueDetail>>, done: string, doneAt?: string) => Promise<boolean>
}

export default function CheckpointsCard({ venueId, checkpoints, note, clearNote, change }: Props) {
  const [newName, setNewName] = useState('')
  const [addError, setAddError] = useState('')
  const [renaming, setRenaming] = useState<{ id: string; name: string; error: string } | null>(null)
  const full = checkpoints.length >= MAX_CHECKPOINTS

  const add = async () => {
    const name = newName.trim()
    const error = checkpointNameError(name)
    setAddError(error ?? '')
    if (error) { clearNote(); return }
    const added = await change('add', () => callAction('venue', 'addCheckpoint', { venueId, name }), `已添加检测点“${name}”，点“查看场所码”即可打印张贴`)
    if (added) setNewName('')
  }

  const saveRename = async () => {
    if (!renaming) return
    const { id } = renaming
    const name = renaming.name.trim()
    const error = checkpointNameError(name)
    if (error) { setRenaming({ ...renaming, error }); return }
    const renamed = await change(`checkpoint:${id}`, () => callAction('venue', 'renameCheckpoint', { venueId, checkpointId: id, name }), '已重命名，已张贴的场所码继续有效')
    if (renamed) setRenaming(null)
  }

  const remove = async (c: CheckpointView) => {
    if (!await confirmDanger('删除检测点', `确定删除检测点“${c.name}”？删除后该检测点已张贴的场所码立即作废。`, '删除')) return
    await change(`checkpoint:${c.id}`, () => callAction('venue', 'removeCheckpoint', { venueId, checkpointId: c.id }),
      `已删除检测点“${c.name}”，其场所码已作废`, 'checkpoints')
  }

  return (
    <View className='card manage-venue__checkpoints'>
      <View className='manage-venue__head'>
        <Text className='section-title manage-venue__title'>检测点管理</Text>
        <Text className='manage-venue__count'>{checkpoints.length}/{MAX_CHECKPOINTS}</Text>
      </View>
      <Text className='manage-venue__explain'>每个检测点（如南门、北门、1号车）有自己的场所码，分别打印张贴。</Text>
      <PlaceNote note={note} at='checkpoints' />
      {checkpoints.map((c) => (
        <View key={c.id} className='manage-venue__checkpoint' data-checkpoint={c.id}>
          {renaming?.id === c.id ? (
            <View className='manage-venue__rename'>
              <Text className='manage-venue__field-label'>重命名“{c.name}”（已张贴的场所码继续有效）</Text>
              <Input
                className={`manage-venue__input manage-venue__rename-input${renaming.error ? ' manage-venue__input--error' : ''}`}
                value={renaming.name}
                maxlength={20}
                placeholder='检测点名称'
                onInput={(e) => setRenaming({ id: c.id, name: e.detail.value, error: '' })}
              />
              <FieldError field='rename' message={renaming.error} />
              <PlaceNote note={note} at={`checkpoint:${c.id}`} />
              <View className='manage-venue__actions'>
                <Button className='btn btn--primary manage-venue__rename-save' onClick={saveRename}>保存</Button>
                <Button className='btn btn--ghost manage-venue__rename-cancel' onClick={() => { setRenaming(null); clearNote() }}>取消</Button>
              </View>
            </View>
          ) : (
            <View>
              <View className='manage-venue__line'>
                <Text className='manage-venue__checkpoint-name'>{c.name}</Text>
                <Text className='manage-venue__version'>场所码第{c.codeVersion}版</Text>
              </View>
              <PlaceNote note={note} at={`checkpoint:${c.id}`} />
              <View className='manage-venue__actions'>
                <Button className='btn btn--ghost manage-venue__code' onClick={() => Taro.navigateTo({ url: venueLinks.code(venueId, c.id) })}>查看场所码</Button>
                <Button className='btn btn--ghost manage-venue__rename-start' onClick={() => { clearNote(); setRenaming({ id: c.id, name: c.name, error: '' }) }}>重命名</Button>
                {/* A venue keeps at least one checkpoint (the server refuses too): no 删除 on the only one. */}
                {checkpoints.length > 1 ? <Button className='btn btn--ghost manage-venue__remove' onClick={() => remove(c)}>删除</Button> : null}
              </View>
            </View>
          )}
        </View>
      ))}
      <View className='manage-venue__add-box'>
        <Text className='manage-venue__field-label'>添加检测点</Text>
        <Input
          className={`manage-venue__input manage-venue__add-input${addError ? ' manage-venue__input--error' : ''}`}
          value={newName}
          maxlength={20}
          placeholder='如：南门、北门、1号车'
          disabled={full}
          onInput={(e) => { setNewName(e.detail.value); setAddError('') }}
        />
        <FieldError field='checkpointName' message={addError} />
        <PlaceNote note={note} at='add' />
        <Button className='btn btn--primary manage-venue__add' disabled={full || undefined} onClick={() => { if (!full) add() }}>
          {full ? `检测点已满${MAX_CHECKPOINTS}个` : '添加检测点'}
        </Button>
      </View>
    </View>
  )
}
