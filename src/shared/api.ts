/**
 * Request and response shapes of every cloud function. The mini-program and the functions
 * both import this file, so they cannot disagree about a record's shape.
 */
import type { ErrorCode } from './errors'
import type { VenueTypeId } from './venue-types'

export type Ok<T> = { ok: true; data: T }
export type Fail = {
  ok: false
  code: ErrorCode
  message: string
  /** Per-field Chinese messages for forms, keyed by request field name. */
  fields?: Record<string, string>
  /**
   * Set on unexpected errors (INTERNAL) and on refusals of the HTTP runtime: the id of the
   * server's log line, so a user's report can be matched to it.
   */
  requestId?: string
}
export type Result<T> = Ok<T> | Fail

/** Whether a value received from a function (or from the wire) is one of its answers. */
export function isResult(value: unknown): value is Result<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean'
}

export type Role = 'citizen' | 'venue_admin' | 'inspector' | 'official'
export type HealthStatus = 'green' | 'yellow' | 'red'

export const HEALTH_STATUS_LABELS: Record<HealthStatus, string> = {
  green: '绿码',
  yellow: '黄码',
  red: '红码'
}

/** A region node of GB/T 2260 (province → city → county → town/street). */
export interface Region {
  code: string
  name: string
}

export interface RegionPath {
  province: Region
  city: Region
  county: Region
  town: Region
}

export interface VenueView {
  id: string
  name: string
  type: VenueTypeId
  typeLabel: string
  region: RegionPath
  /** Region names joined with the detailed address: 山东省济南市历下区泉城路街道 泉城路1号 */
  fullAddress: string
  address: string
  /** Masked: 9137**********123X */
  creditCodeMasked: string
  adminNameMasked: string
  adminMobileMasked: string
  /** 6-digit 场所申报码 inspectors use to bind to this venue. */
  declarationCode: string
  createdAt: string
}

export interface VenueCodeView {
  venueId: string
  checkpointId: string
  checkpointName: string
  codeVersion: number
  /** The link printed in the QR code. */
  url: string
}

// ---- functions -------------------------------------------------------------------------

/** demoLogin (HTTP only, local stack): sign in as one of the demo accounts. */
export interface DemoLoginRequest { account: DemoAccountId }
export type DemoAccountId = 'citizen' | 'citizen_yellow' | 'citizen_red' | 'newcomer' | 'venue_admin' | 'inspector' | 'official'
export interface DemoAccount { id: DemoAccountId; label: string; role: Role; nameMasked: string }
export interface DemoLoginResponse { token: string; me: Me }

/**
 * alipayLogin (Alipay mini-program): sign in with the code of my.getAuthCode({ scopes: 'auth_base' });
 * the server exchanges it with Alipay for the account's id.
 */
export interface AlipayLoginRequest { authCode: string }
export interface AlipayLoginResponse { token: string; me: Me }

/** listDemoAccounts: which demo accounts exist; empty when demo login is off. */
export type ListDemoAccountsRequest = Record<string, never>
export interface ListDemoAccountsResponse { enabled: boolean; accounts: DemoAccount[] }

/** signOut: revoke the caller's session on the server (idempotent). */
export type SignOutRequest = Record<string, never>
export interface SignOutResponse { signedOut: true }

/** whoAmI: the caller as the server sees them. */
export type WhoAmIRequest = Record<string, never>
export interface Me {
  userId: string
  roles: Role[]
  /** The holder's masked name, or 未实名用户 before 实名信息 is recorded. */
  nameMasked: string
  /** Whether the account has recorded its holder's 实名信息; checking in needs it. */
  hasProfile: boolean
  /** The holder's status; null without 实名信息 (status belongs to a person). */
  healthStatus: HealthStatus | null
}
export type WhoAmIResponse = Me

/** listRegions: children of a region ('' for provinces). */
export interface ListRegionsRequest { parentCode: string }
export interface ListRegionsResponse { regions: Region[] }

/** generateCode: register a venue and issue its signed code; the caller becomes its admin. */
export interface GenerateCodeRequest {
  townCode: string
  address: string
  type: VenueTypeId
  name: string
  creditCode: string
  adminName: string
  adminMobile: string
}
export interface GenerateCodeResponse { venue: VenueView; code: VenueCodeView }

/** A checkpoint's printable A4 poster, as a PDF. */
export interface PosterPdf {
  /** e.g. 场所码-泉城广场-南门.pdf */
  fileName: string
  /** The PDF file, base64. */
  pdfBase64: string
  bytes: number
}

/**
 * generateCode, the code-generation function: `apply` registers a venue and issues its signed
 * code (the caller becomes its admin); `poster` makes a checkpoint's A4 poster for printing
 * (admin of that venue only).
 */
export interface GenerateCodeActions {
  apply: [GenerateCodeRequest, GenerateCodeResponse]
  poster: [{ venueId: string; checkpointId: string }, PosterPdf]
}

/** myVenues: venues the caller administers, each with its current code. */
export type MyVenuesRequest = Record<string, never>
export interface MyVenuesResponse { venues: Array<{ venue: VenueView; code: VenueCodeView }> }

/** getVenueCode: a checkpoint's current code (the first checkpoint when none is named; admin only). */
export interface GetVenueCodeRequest { venueId: string; checkpointId?: string }
export type GetVenueCodeResponse = GenerateCodeResponse

/**
 * regenerateCode: bump the code version of one checkpoint (only its posters stop working), or of
 * every checkpoint when none is named. Answers the named (or first) checkpoint's new code.
 */
export interface RegenerateCodeRequest { venueId: string; checkpointId?: string }
export type RegenerateCodeResponse = GenerateCodeResponse

/** How an entry was made: by the person's own account, as someone's companion, or by an inspector. */
export type EntryMethod = 'self' | 'companion' | 'assisted'

/** A companion's relation to the account holder. */
export type Relation = 'parent' | 'child' | 'spouse' | 'relative' | 'friend' | 'other'
export const RELATIONS: Relation[] = ['parent', 'child', 'spouse', 'relative', 'friend', 'other']
export const RELATION_LABELS: Record<Relation, string> = {
  parent: '父母',
  child: '子女',
  spouse: '配偶',
  relative: '其他亲属',
  friend: '朋友',
  other: '其他'
}
/** At most this many companions per account (a family, not a tour group). */
export const MAX_COMPANIONS = 10

export interface CheckInVenue { id: string; name: string; fullAddress: string; typeLabel: string; checkpointName: string }

/** One person's entry as a result card shows it. */
export interface PersonEntry {
  personId: string
  entryId: string
  nameMasked: string
  healthStatus: HealthStatus
  method: EntryMethod
  /** The companion's relation to the holder; null for the holder and assisted entries. */
  relation: Relation | null
  /** UTC ISO time the entry was logged (server clock). */
  checkedInAt: string
  /** True when this scan was folded into an entry made within the idempotency window. */
  repeated: boolean
}

/** checkIn: verify a scanned code and log the entries of the caller and the companions present. */
export interface CheckInRequest {
  /** Whatever was scanned or opened: full link, encoded link, or bare token. */
  code: string
  /**
   * Companions present (person ids from the account's list); the holder is always included.
   * Omitted by the first call: an account with companions is then asked whom it brought.
   */
  companionIds?: string[]
}
export type CheckInResponse =
  | {
      kind: 'choose'
      venue: CheckInVenue
      holder: { nameMasked: string }
      /** In list order; lastChosen marks who came along last time, preselected. */
      companions: Array<{ personId: string; nameMasked: string; relation: Relation; lastChosen: boolean }>
    }
  | {
      kind: 'entered'
      venue: CheckInVenue
      /** The holder first, then companions in list order. */
      people: PersonEntry[]
    }

// ---- functions grouped by action -------------------------------------------------------------

/** Request of an action function: `{ action, ...fields }`. */
export type ActionRequest<M> = { [K in keyof M]: { action: K } & (M[K] extends [infer Q, unknown] ? Q : never) }[keyof M]
export type ActionResponse<M> = { [K in keyof M]: M[K] extends [unknown, infer R] ? R : never }[keyof M]

/** The holder's 实名信息 as the holder sees it: masked, like everywhere else. */
export interface ProfileView {
  nameMasked: string
  idCardMasked: string
  phoneMasked: string
  healthStatus: HealthStatus
  /** With entries, the ID number can no longer change (they would move to another person). */
  hasEntries: boolean
}

export interface CompanionView {
  personId: string
  nameMasked: string
  idCardMasked: string
  phoneMasked: string | null
  relation: Relation
}

/** A person typed in: 姓名, 身份证号 and a mobile (optional for companions and assisted entries). */
export interface PersonInput { name: string; idCard: string; phone?: string }

/** people: the caller's 实名信息 and 同行人员. Edits leave out the fields that do not change. */
export interface PeopleActions {
  getProfile: [Record<string, never>, { profile: ProfileView | null }]
  saveProfile: [Partial<PersonInput>, { profile: ProfileView }]
  listCompanions: [Record<string, never>, { companions: CompanionView[] }]
  addCompanion: [PersonInput & { relation: Relation }, { companion: CompanionView }]
  updateCompanion: [{ personId: string } & Partial<PersonInput> & { relation?: Relation }, { companion: CompanionView }]
  removeCompanion: [{ personId: string }, { removed: true }]
}

/** One line of 我的扫码记录. */
export interface MyEntryView {
  entryId: string
  venueName: string
  fullAddress: string
  checkpointName: string
  checkedInAt: string
  nameMasked: string
  /** 本人, a companion's relation label, or 辅助登记 */
  who: string
  method: EntryMethod
  withdrawnAt: string | null
  /** Within 24 hours and not withdrawn yet. */
  withdrawable: boolean
}

/** entries: 我的扫码记录 (last 28 days) and 撤销 (within 24 hours). */
export interface EntriesActions {
  list: [Record<string, never>, { entries: MyEntryView[]; days: number }]
  withdraw: [{ entryId: string }, { entry: MyEntryView }]
}

export interface AssistVenue {
  venueId: string
  name: string
  fullAddress: string
  checkpoints: Array<{ id: string; name: string }>
}

export interface AssistedPerson { personId: string; nameMasked: string; idCardMasked: string; lastAt: string }

/** assist: 辅助登记 by an inspector (or the venue's admin) for a person with no phone. */
export interface AssistActions {
  venues: [Record<string, never>, { venues: AssistVenue[] }]
  recent: [Record<string, never>, { people: AssistedPerson[]; days: number }]
  register: [
    { venueId: string; checkpointId: string } & ({ personId: string } | PersonInput),
    { venue: CheckInVenue; entry: PersonEntry }
  ]
}

// ---- venue management (场所管理) and the gate (检测员) ------------------------------------

/** A person's role on one venue. */
export type VenueRole = 'admin' | 'inspector'

export interface CheckpointView {
  id: string
  name: string
  codeVersion: number
  /** The link printed in this checkpoint's QR code. */
  url: string
  createdAt: string
}

export interface InspectorView {
  userId: string
  /** 未实名用户 for an account without 实名信息. */
  nameMasked: string
  boundAt: string
}

/** A pending handover of a venue's administration; nothing changes until the recipient accepts. */
export interface HandoverView {
  venueId: string
  venueName: string
  fromNameMasked: string
  toUserId: string
  toNameMasked: string
  createdAt: string
}

/** Fields of a venue whose changes are kept. */
export type VenueChangeField = 'region' | 'creditCode' | 'name' | 'address' | 'type' | 'admin'
export const VENUE_CHANGE_LABELS: Record<VenueChangeField, string> = {
  region: '所在区域',
  creditCode: '统一社会信用代码',
  name: '场所名称',
  address: '详细地址',
  type: '场所类型',
  admin: '场所管理员'
}

/** One recorded change of a venue's information (credit codes and people masked). */
export interface VenueChangeView {
  field: VenueChangeField
  oldValue: string
  newValue: string
  changedByMasked: string
  changedAt: string
}

/** Everything the admin's 场所管理 page shows. */
export interface VenueDetail {
  venue: VenueView
  /** In the order they were added; removed checkpoints are not listed. */
  checkpoints: CheckpointView[]
  inspectors: InspectorView[]
  handover: HandoverView | null
  /** Newest first. */
  changes: VenueChangeView[]
}

/** Most checkpoints a venue may have (a bus company registers each bus as its own venue). */
export const MAX_CHECKPOINTS = 50

export interface TemperatureCounts { checked: number; normal: number; abnormal: number }

/** 检测统计 of one venue for one day in China time; withdrawn entries never count. */
export interface VenueStats {
  venueId: string
  /** YYYY-MM-DD, Asia/Shanghai. */
  date: string
  totals: {
    entries: number
    /** Distinct people who entered. */
    people: number
    assisted: number
    /** Distinct people whose status was yellow / red when they entered. */
    yellow: number
    red: number
  }
  /** 24 items, hour 0–23 in China time. */
  hourly: Array<{ hour: number; entries: number }>
  /** Every checkpoint that had entries or temperatures that day, and every current one. */
  checkpoints: Array<{ checkpointId: string; name: string; removed: boolean; entries: number; people: number; temperature: TemperatureCounts }>
  /** Everyone who registered people (辅助登记) or recorded temperatures that day. */
  inspectors: Array<{ userId: string; nameMasked: string; assisted: number; temperature: TemperatureCounts }>
  temperature: TemperatureCounts
  /** 7 items: the six days before `date`, then `date`. */
  trend: Array<{ date: string; entries: number; people: number }>
}

/** The venue fields an admin edits; only the fields sent change. */
export type VenueUpdate = Partial<GenerateCodeRequest>

/** venue: 场所管理 by the venue's admin, and the handover answered by its recipient. */
export interface VenueActions {
  get: [{ venueId: string }, VenueDetail]
  update: [{ venueId: string } & VenueUpdate, VenueDetail]
  /** A new 场所申报码; the old one stops working at once. */
  regenerateDeclarationCode: [{ venueId: string }, VenueDetail]
  removeInspector: [{ venueId: string; userId: string }, VenueDetail]
  addCheckpoint: [{ venueId: string; name: string }, VenueDetail]
  renameCheckpoint: [{ venueId: string; checkpointId: string; name: string }, VenueDetail]
  removeCheckpoint: [{ venueId: string; checkpointId: string }, VenueDetail]
  /** Offer the venue to one of its inspectors; they must accept. */
  handover: [{ venueId: string; toUserId: string }, VenueDetail]
  cancelHandover: [{ venueId: string }, VenueDetail]
  /** By the recipient, who gives the name and mobile shown as the venue's admin. */
  acceptHandover: [{ venueId: string; adminName: string; adminMobile: string }, VenueDetail]
  declineHandover: [{ venueId: string }, { declined: true }]
  stats: [{ venueId: string; date: string }, VenueStats]
}

/** A venue where the caller works the gate. */
export interface GateVenue {
  venueId: string
  name: string
  fullAddress: string
  role: VenueRole
  checkpoints: Array<{ id: string; name: string }>
}

export interface TemperatureView {
  /** Null when recorded with 体温正常 (one tap, no value). */
  celsius: number | null
  abnormal: boolean
  checkedAt: string
}

/** One entry on the inspector's screen. */
export interface GateEntry {
  entryId: string
  nameMasked: string
  healthStatus: HealthStatus
  method: EntryMethod
  checkpointId: string
  checkpointName: string
  checkedInAt: string
  temperature: TemperatureView | null
  /** Yellow or red status, or a temperature of 37.3 ℃ or more: listed first, highlighted. */
  abnormal: boolean
}

/** inspector: the gate. Binding with the 场所申报码, the latest entries, 体温检测. */
export interface InspectorActions {
  bind: [{ declarationCode: string }, { venue: GateVenue }]
  /** Unbind oneself. */
  leave: [{ venueId: string }, { left: true }]
  /** Venues where the caller is inspector or admin, and handovers offered to the caller. */
  venues: [Record<string, never>, { venues: GateVenue[]; handovers: HandoverView[] }]
  /** Entries of the last hours at the venue (one checkpoint, or all): abnormal first, then newest. */
  feed: [{ venueId: string; checkpointId?: string }, { entries: GateEntry[]; hours: number; serverTime: string }]
  /** 体温检测: one tap for normal, or a value in ℃ (34.0–43.0, one decimal). */
  temperature: [{ entryId: string; normal: true } | { entryId: string; celsius: number }, { entry: GateEntry }]
}

/** Map of every function name to its request and response, for typed callers. */
export interface Api {
  demoLogin: [DemoLoginRequest, DemoLoginResponse]
  alipayLogin: [AlipayLoginRequest, AlipayLoginResponse]
  listDemoAccounts: [ListDemoAccountsRequest, ListDemoAccountsResponse]
  signOut: [SignOutRequest, SignOutResponse]
  whoAmI: [WhoAmIRequest, WhoAmIResponse]
  listRegions: [ListRegionsRequest, ListRegionsResponse]
  generateCode: [ActionRequest<GenerateCodeActions>, ActionResponse<GenerateCodeActions>]
  myVenues: [MyVenuesRequest, MyVenuesResponse]
  getVenueCode: [GetVenueCodeRequest, GetVenueCodeResponse]
  regenerateCode: [RegenerateCodeRequest, RegenerateCodeResponse]
  checkIn: [CheckInRequest, CheckInResponse]
  people: [ActionRequest<PeopleActions>, ActionResponse<PeopleActions>]
  entries: [ActionRequest<EntriesActions>, ActionResponse<EntriesActions>]
  assist: [ActionRequest<AssistActions>, ActionResponse<AssistActions>]
  venue: [ActionRequest<VenueActions>, ActionResponse<VenueActions>]
  inspector: [ActionRequest<InspectorActions>, ActionResponse<InspectorActions>]
}

/** Each action function's actions, for typed callers. */
export interface ActionMaps {
  people: PeopleActions
  entries: EntriesActions
  assist: AssistActions
  generateCode: GenerateCodeActions
  venue: VenueActions
  inspector: InspectorActions
}
export type FunctionName = keyof Api
export const FUNCTION_NAMES: FunctionName[] = [
  'demoLogin', 'alipayLogin', 'listDemoAccounts', 'signOut', 'whoAmI', 'listRegions', 'generateCode',
  'myVenues', 'getVenueCode', 'regenerateCode', 'checkIn', 'people', 'entries', 'assist', 'venue', 'inspector'
]
