/**
 * How one of the holder's own people is named on screen. Three-character names all mask to
 * 周**, so a family of four read as four identical rows: the relation and the last four ID
 * digits (sent only to the account holding the person, or to the inspector who just registered
 * them) tell them apart. One rule for the chooser, the result cards, 同行人员, 我的扫码记录 and
 * 辅助登记.
 */

const SEPARATOR = ' · '

/** 父母 · 1234: what follows the masked name where the name has its own text (cards, rows). */
export function personDetail(tag: string, idLast4?: string | null): string {
  return [tag, idLast4].filter(Boolean).join(SEPARATOR)
}

/** 周** · 父母 · 1234, or 周** · 父母 when the digits are not the caller's to see. */
export function personLabel(nameMasked: string, tag: string, idLast4?: string | null): string {
  return [nameMasked, personDetail(tag, idLast4)].filter(Boolean).join(SEPARATOR)
}

/**
 * The question before a companion is deleted. The relation goes in brackets after the name: put
 * before it, 其他 read as a word (确定删除其他 王**？).
 */
export function removeCompanionQuestion(nameMasked: string, relationLabel: string, idLast4?: string | null): string {
  return `确定删除同行人员 ${nameMasked}（${personDetail(relationLabel, idLast4)}）？已有的扫码记录不受影响。`
}
