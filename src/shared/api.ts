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
  /**
   * With SYSTEM_BUSY (and RATE_LIMITED where known): how long to wait before asking again. Over
   * HTTP the same value is the Retry-After header, in seconds; WeChat cloud has only the body.
   */
  retryAfterMs?: number
  /** Set by the client itself, never by a server: the request got no answer at all (network lost, timed out). */
  unreachable?: true
  /** With SYSTEM_ENDED: what was destroyed and when, shown to anyone who opens the mini-program. */
  receipt?: DeletionReceipt
}
export type Result<T> = Ok<T> | Fail

/** Whether a value received from a function (or from the wire) is one of its answers. */
export function isResult(value: unknown): value is Result<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean'
}

export type Role = 'citizen' | 'venue_admin' | 'inspector' | 'official'

/**
 * Who vouches for an account's 实名信息 (DESIGN §4, identity): WeChat 人脸核身, Alipay 身份验证,
 * or the local stack's demo provider. Typed but unchecked 实名信息 is only self-declared.
 */
export type IdentityProviderKind = 'wechat' | 'alipay' | 'demo'
/** none: no 实名信息 yet; unverified: typed, not verified; verified: confirmed by a provider. */
export type IdentityState = 'none' | 'unverified' | 'verified'

/** Why a result card shows no colour. */
export type StatusHidden = 'identity_unverified' | 'venue_unreviewed'
export const STATUS_HIDDEN_LABELS: Record<StatusHidden, string> = {
  identity_unverified: '身份未核验',
  venue_unreviewed: '场所未经审核'
}

/** 场所审核 by the region's officials (seed 000: venues are under their department's supervision). */
export type VenueReviewStatus = 'pending' | 'approved' | 'rejected'
export const VENUE_REVIEW_LABELS: Record<VenueReviewStatus, string> = {
  pending: '待审核',
  approved: '已通过审核',
  rejected: '未通过审核'
}
export type HealthStatus = 'green' | 'yellow' | 'red'

export const HEALTH_STATUS_LABELS: Record<HealthStatus, string> = {
  green: '绿码',
  yellow: '黄码',
  red: '红码'
}

/** A region node of 统计用区划代码（2023） (province → city → county → town/street). */
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
  /** 场所审核: only an approved venue's 辅助登记 shows a health status. */
  reviewStatus: VenueReviewStatus
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
  | 'official_reviewer'
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
  /** The holder's status; null unless the account's 实名信息 is verified (a typed name proves nothing). */
  healthStatus: HealthStatus | null
  identity: IdentityState
  /** How this account would verify (its platform's provider); null where this deployment has none. */
  identityProvider: IdentityProviderKind | null
  /**
   * When another account verified this account's person and so took it over: shown on the home
   * page until dismissed; null otherwise.
   */
  identityMovedAt: string | null
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
  /** adminSelf: the caller is the admin; adminName and adminMobile are taken from its 实名信息 (sent empty). */
  apply: [GenerateCodeRequest & { adminSelf?: true }, GenerateCodeResponse]
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
  /** Null when the status may not be shown here: see statusHidden. */
  healthStatus: HealthStatus | null
  /** Why no colour is shown: the account's identity is not verified, or the venue is not approved. */
  statusHidden: StatusHidden | null
  method: EntryMethod
  /** The companion's relation to the holder; null for the holder and assisted entries. */
  relation: Relation | null
  /** Last four digits of the ID number: to the account holding the person, or the inspector who registered them. */
  idLast4: string | null
  /** UTC ISO time of the visit: the server's clock, or the device's scan time for a late upload (scannedAt). */
  checkedInAt: string
  /** True when this scan was folded into an entry made within the idempotency window. */
  repeated: boolean
  /** UTC ISO time the server received the scan; later than checkedInAt only for a late upload. */
  receivedAt: string
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
  /**
   * Made on the device when the code was scanned (16–64 of A–Z a–z 0–9 _ -), and sent with every
   * try of that scan: a scan id is logged at most once, however often a lost answer is retried.
   */
  scanId?: string
  /**
   * The device's clock at the scan (UTC ISO), sent only when a scan kept offline is uploaded
   * late. Accepted up to 24 hours back (SCAN_EXPIRED beyond) and never in the future; the entry
   * is logged at this time, with the server's own receipt time beside it. A time up to
   * SCAN_CLOCK_SKEW_SECONDS ahead of the server's clock is taken as now (a phone's clock a little
   * fast); further ahead is INVALID_INPUT on scannedAt. A try of a scanId already logged answers
   * with its entries (repeated: true) even once the code was regenerated or 24 hours have passed
   * (a scan id is remembered 48 hours).
   */
  scannedAt?: string
}
/** A scan kept on the device is accepted this long after scannedAt; later it is SCAN_EXPIRED. */
export const LATE_SCAN_HOURS = 24
/** How far ahead of the server's clock a device's scannedAt is still taken as now. */
export const SCAN_CLOCK_SKEW_SECONDS = 120
export type CheckInResponse =
  | {
      kind: 'choose'
      venue: CheckInVenue
      holder: { nameMasked: string; idLast4: string }
      /** In list order; lastChosen marks who came along last time, preselected. */
      companions: Array<{ personId: string; nameMasked: string; relation: Relation; lastChosen: boolean; idLast4: string }>
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
  /** Null until verified: a typed name and ID number do not show anyone's colour. */
  healthStatus: HealthStatus | null
  verified: boolean
  verifiedVia: IdentityProviderKind | null
  /** With entries, the ID number can no longer change (they would move to another person). */
  hasEntries: boolean
}

export interface CompanionView {
  personId: string
  nameMasked: string
  idCardMasked: string
  phoneMasked: string | null
  relation: Relation
  /** The person holds their own verified account and has not accepted the link yet: not shown at scans. */
  pending: boolean
}

/** What the mini-program hands to its platform's verification screen. */
export type VerifyClient = { verifyId: string } | { certifyId: string; url: string } | { demo: true }

/** Someone asked to list the caller's verified person as their 同行人员. */
export interface CompanionRequestView {
  requestId: string
  /** The asking account's holder, masked. */
  fromNameMasked: string
  relation: Relation
  createdAt: string
  accepted: boolean
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
  /** 谁查看了我的信息: every official access to the holder's and companions' data, newest first. */
  accessLog: [Record<string, never>, { records: AccessRecordView[]; days: number }]
  /**
   * 实名核验: opens a check of the given 实名信息 (or the account's own, when left out) with this
   * account's provider; the client shows the platform's screen, then calls confirmVerification.
   */
  startVerification: [Partial<PersonInput>, { checkId: string; provider: IdentityProviderKind; client: VerifyClient }]
  confirmVerification: [{ checkId: string }, { profile: ProfileView }]
  /** Links other accounts asked for, to the caller's verified person. */
  companionRequests: [Record<string, never>, { requests: CompanionRequestView[] }]
  /** Accept shows the caller to that account at its scans; decline (or later) removes the link. */
  answerCompanionRequest: [{ requestId: string; accept: boolean }, { requests: CompanionRequestView[] }]
  dismissIdentityNotice: [Record<string, never>, { dismissed: true }]
  /**
   * Changes of the holder's and companions' status (newest first, STATUS_NOTICE_DAYS), each with its 申诉;
   * subscribeTemplateIds: the WeChat template of a change of status to ask the person to allow (none unconfigured).
   */
  statusNotices: [Record<string, never>, { notices: StatusNoticeView[]; subscribeTemplateIds: string[] }]
  /** 申诉 of one change, once, with a short text (APPEAL_TEXT_MAX characters). */
  appeal: [{ changeId: string; text: string }, { notice: StatusNoticeView }]
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
  /** Last four ID digits of the holder's own person and listed companions; null otherwise. */
  idLast4: string | null
  method: EntryMethod
  withdrawnAt: string | null
  /** Within 24 hours and not withdrawn yet. */
  withdrawable: boolean
  checkedOutAt: string | null
  /** Not withdrawn, not checked out yet, and entered within the last 24 hours. */
  checkOutable: boolean
  /** Someone else made it for the caller's verified person: the holder may say 不是我本人. */
  disputable: boolean
  /** When the holder said 不是我本人 (the region's officials see it flagged). */
  disputedAt: string | null
  /**
   * When the server received the scan (UTC ISO): later than checkedInAt, the visit time, only for a
   * scan kept on the device and uploaded late.
   */
  receivedAt?: string
}

/** entries: 我的扫码记录 (last 28 days) and 撤销 (within 24 hours). */
export interface EntriesActions {
  list: [Record<string, never>, { entries: MyEntryView[]; days: number }]
  withdraw: [{ entryId: string }, { entry: MyEntryView }]
  /** 离场: the stay ends now (tracing uses it instead of the venue type's default stay). */
  checkOut: [{ entryIds: string[] }, { entries: MyEntryView[] }]
  /** 风险提示 for the holder and companions not yet acknowledged: newest first, and one per venue. */
  risks: [Record<string, never>, RiskNotices]
  /** 我已知晓: the holder acknowledges the notices at a venue (or the named ones); they do not come back. */
  acknowledgeRisk: [{ venueId: string } | { noticeIds: string[] }, RiskNotices & { acknowledged: number }]
  /** 不是我本人: flags an entry someone else made for the holder; it is kept, and officials see it. */
  dispute: [{ entryId: string }, { entry: MyEntryView }]
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
  /** last: where this inspector last registered someone (still theirs), preselected next time. */
  venues: [Record<string, never>, { venues: AssistVenue[]; last: { venueId: string; checkpointId: string } | null }]
  recent: [Record<string, never>, { people: AssistedPerson[]; days: number }]
  register: [
    { venueId: string; checkpointId: string } & ({ personId: string } | PersonInput),
    { venue: CheckInVenue; entry: PersonEntry }
  ]
}

/** The most assisted entries one inspector may make in a China day (ASSIST_DAILY_CAP). */
export const DEFAULT_ASSIST_DAILY_CAP = 300

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
  /** Null for a self-declared identity, or an assisted entry at a venue not approved yet. */
  healthStatus: HealthStatus | null
  statusHidden: StatusHidden | null
  method: EntryMethod
  checkpointId: string
  checkpointName: string
  checkedInAt: string
  temperature: TemperatureView | null
  /** Yellow or red status, or a temperature of 37.3 ℃ or more: listed first, highlighted. */
  abnormal: boolean
  /** The alerts raised about this entry (status, temperature): what 已处置 and 上报 acknowledge. */
  alertIds: string[]
  /** When someone at the venue first acknowledged them (已处置, 上报, 我已知晓); null while none has. */
  handledAt: string | null
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

// ---- 异常提醒与流调: alerts, officials, tracing, audit ------------------------------------------

/**
 * What an alert is about: a yellow or red person entered, an inspector recorded a temperature of
 * 37.3 ℃ or more, or (after an official confirmed a trace) a case had been at the venue.
 */
export type AlertKind = 'status' | 'temperature' | 'exposure'
export const ALERT_KIND_LABELS: Record<AlertKind, string> = {
  status: '异常健康码人员扫码',
  temperature: '体温异常',
  exposure: '确诊病例曾到访'
}

/** Why the recipient sees the alert. */
export type AlertRole = 'admin' | 'inspector' | 'official'

/** One alert as a recipient's list shows it (the person masked). */
export interface AlertView {
  alertId: string
  kind: AlertKind
  venueId: string
  venueName: string
  checkpointName: string | null
  /** Null for exposure alerts: a venue is never told who the case was. */
  personNameMasked: string | null
  healthStatus: HealthStatus | null
  temperatureCelsius: number | null
  /** For exposure alerts: the period the case was at the venue. */
  exposure: { from: string; to: string } | null
  createdAt: string
  /**
   * Status and temperature alerts: when the person entered (the entry's visit time). For a scan
   * kept on the device and uploaded late it is hours before createdAt; null for exposure alerts
   * and for alerts raised before it was recorded.
   */
  enteredAt?: string | null
  /** When the caller acknowledged it; null while it waits for them. */
  acknowledgedAt: string | null
  /** An alert is open until an official of the region marks it handled. */
  closedAt: string | null
  role: AlertRole
}

/** An alert opened by an official of its region: the person in full, for the follow-up call. */
export interface AlertDetail extends AlertView {
  person: { personId: string; name: string; idCard: string; phone: string | null } | null
  /** Who at the venue acknowledged, and when. */
  acknowledgements: Array<{ nameMasked: string; role: AlertRole; at: string }>
}

/**
 * alert, the abnormal-status alert function: the caller's alerts (venue staff: their venues';
 * officials: their region's), acknowledging, and the grant of WeChat subscription messages.
 * Timer-triggered on WeChat it delivers due notifications from the outbox.
 */
export interface AlertActions {
  list: [{ open?: boolean }, { alerts: AlertView[]; unacknowledged: number; subscribeTemplateIds: string[] }]
  get: [{ alertId: string }, { alert: AlertDetail }]
  acknowledge: [{ alertId: string }, { alert: AlertView }]
  /** After the client's requestSubscribeMessage: the templates the user accepted (one grant = one send). */
  subscribe: [{ templateIds: string[] }, { granted: number }]
}

/** A region an official is appointed to: a code prefix of 统计用区划代码（2023） (2, 4, 6 or 9 digits). */
export interface OfficialScope {
  regionCode: string
  /** e.g. 山东省济南市 */
  regionName: string
  /** The office shown to citizens in their access log, e.g. 济南市疫情防控指挥部 */
  office: string
}

/** A person as an official in scope sees them: in full (every such view is in the access log). */
export interface OfficialPersonView {
  personId: string
  name: string
  idCard: string
  phone: string | null
  healthStatus: HealthStatus
  statusUpdatedAt: string | null
}

export interface StatusChangeView {
  oldStatus: HealthStatus | null
  newStatus: HealthStatus
  reason: string
  /** The office and the official's masked name; 系统 for the demo seed. */
  changedBy: string
  /** The second official who approved it ("济南市疫情防控指挥部 周*"); null for an emergency change or the demo seed. */
  approvedBy: string | null
  /** Applied at once on the deployment's emergency path, without a second official. */
  emergency: boolean
  source: 'manual' | 'import' | 'appeal'
  changedAt: string
}

/** A line of a status file that cannot be applied: the file is refused whole. */
export interface ImportProblem {
  /** 1-based line in the file, the header being line 1. */
  line: number
  /** The column's header, or 文件 for problems of the whole file. */
  field: string
  problem: string
}

/**
 * A valid file becomes one proposal (two-person rule): nothing changes until a second official
 * approves it. `changed` counts the lines whose status would change; `proposal` is null when none would.
 */
export type StatusImportResult =
  | { applied: true; rows: number; changed: number; proposal: ProposalView | null }
  | { applied: false; rows: number; problems: ImportProblem[] }

/** Columns of a status file, in this order, with this header line (UTF-8, BOM allowed). */
export const STATUS_IMPORT_COLUMNS = ['身份证号', '姓名', '健康码', '原因'] as const
/** Largest status file accepted (about 100,000 rows). */
export const MAX_STATUS_IMPORT_BYTES = 8 * 1024 * 1024

/** One entry of the case, and everyone whose stay overlapped it at the same venue. */
export interface TraceStay {
  entryId: string
  venueId: string
  venueName: string
  fullAddress: string
  checkpointName: string
  enteredAt: string
  /** Check-out, or the venue type's default stay when there was none. */
  leftAt: string
  checkedOut: boolean
  contacts: TraceContact[]
}

export interface TraceContact {
  personId: string
  nameMasked: string
  idCardMasked: string
  phoneMasked: string | null
  healthStatus: HealthStatus
  method: EntryMethod
  enteredAt: string
  leftAt: string
  checkedOut: boolean
  /** Minutes of overlap with the case's stay (its end extended for aerosols). */
  overlapMinutes: number
}

export interface TraceResult {
  traceId: string
  person: { personId: string; nameMasked: string; idCardMasked: string; healthStatus: HealthStatus }
  from: string
  to: string
  stays: TraceStay[]
  /** Distinct people among all contacts. */
  contactCount: number
  confirmedAt: string | null
}

/**
 * official: the health official's console, inside the caller's appointed region only.
 * Every look at a person's data is written to the access log that person can read.
 */
export interface OfficialActions {
  scope: [Record<string, never>, { scope: OfficialScope; openAlerts: number }]
  /** A person by ID number: current status and its history. */
  person: [{ idCard: string }, { person: OfficialPersonView; history: StatusChangeView[] }]
  /**
   * Proposes a change (two-person rule): it takes effect when a second official approves it. With
   * `emergency` (only where the deployment turned STATUS_EMERGENCY_PATH on) it applies at once and is
   * marked 紧急 everywhere it is shown. `proposal` is null when the status would not change.
   */
  setStatus: [
    { idCard: string; name: string; status: HealthStatus; reason: string; emergency?: boolean },
    { person: OfficialPersonView; history: StatusChangeView[]; proposal: ProposalView | null }
  ]
  /** A CSV file (STATUS_IMPORT_COLUMNS); any bad line refuses the whole file. */
  importStatus: [{ fileName: string; csv: string }, StatusImportResult]
  /** Default period: the last TRACE_WINDOW_DAYS days. Dates are China days, YYYY-MM-DD, inclusive. */
  trace: [{ personId?: string; idCard?: string; from?: string; to?: string }, TraceResult]
  /**
   * Proposes the confirmation (two-person rule): when a second official approves it, every contact
   * gets 风险提示 and every venue a host alert. Twice is once: a pending proposal comes back.
   */
  confirmTrace: [{ traceId: string }, { trace: TraceResult; proposal: ProposalView }]
  /** A contact's full name, ID number and mobile, for the tracing official; audited per contact (view_contact). */
  contactDetails: [{ traceId: string; personId: string }, { personId: string; name: string; idCard: string; phone: string | null }]
  /** 待复核: proposals the caller may decide (not their own, their region or below), then their own; `decided` for the latest decided. */
  proposals: [{ state?: 'pending' | 'decided' }, { proposals: ProposalView[] }]
  /** Approve or reject another official's proposal, with one's own reason. */
  decideProposal: [{ proposalId: string; approve: boolean; reason: string }, { proposal: ProposalView }]
  /** 申诉 of people whose status an official of the caller's region (or below) changed; open first. */
  appeals: [{ state?: 'open' | 'answered' }, { appeals: AppealView[] }]
  /** 维持 keeps the status; 更正 also proposes the status before the change (a second official approves it). */
  answerAppeal: [{ appealId: string; decision: AppealDecision; reason: string }, { appeal: AppealView }]
  exportTrace: [{ traceId: string }, { fileName: string; csv: string }]
  /** 场所审核: the region's venues waiting for review (and the latest decided). */
  venueReviews: [Record<string, never>, { venues: VenueReviewView[] }]
  reviewVenue: [{ venueId: string; approve: boolean; reason: string }, { venue: VenueReviewView }]
  /** Entries in the region a holder marked 不是我本人, newest first. */
  disputes: [Record<string, never>, { entries: DisputedEntryView[] }]
}

/** A venue as the region's official reviews it: the credit code in full (a business id, not personal). */
export interface VenueReviewView {
  venueId: string
  name: string
  typeLabel: string
  fullAddress: string
  creditCode: string
  adminNameMasked: string
  createdAt: string
  reviewStatus: VenueReviewStatus
  reviewedAt: string | null
  reviewReason: string | null
}

/** An entry its person says they did not make. */
export interface DisputedEntryView {
  entryId: string
  personNameMasked: string
  venueName: string
  checkpointName: string
  method: EntryMethod
  /** Masked name of whoever made it: the inspector of an assisted entry, or the scanning account. */
  madeByMasked: string
  checkedInAt: string
  disputedAt: string
}

/** A 风险提示 on a citizen's home page: where and when, never who the case was. */
export interface RiskNoticeView {
  noticeId: string
  venueId: string
  /** The holder, or a companion: whose entry overlapped. */
  nameMasked: string
  venueName: string
  fullAddress: string
  enteredAt: string
  createdAt: string
}

/** The home page's 风险提示: one per venue, however many of the family's entries there overlapped. */
export interface RiskVenueView {
  venueId: string
  venueName: string
  fullAddress: string
  /** What 我已知晓 acknowledges. */
  noticeIds: string[]
  /** Whose entries (the holder, companions), masked, each once. */
  names: string[]
  entries: number
  firstEnteredAt: string
  lastEnteredAt: string
  /** The newest notice's time: venues are listed newest first. */
  createdAt: string
}

export interface RiskNotices { notices: RiskNoticeView[]; venues: RiskVenueView[] }

export type AccessAction = 'view_person' | 'set_status' | 'import_status' | 'trace_case' | 'trace_contact' | 'confirm_trace' | 'export_trace' | 'view_alert'
  | 'companion_link' | 'companion_status' | 'assisted_entry'
  | 'propose_status' | 'approve_status' | 'reject_status' | 'expire_status'
  | 'propose_trace' | 'approve_trace' | 'reject_trace' | 'expire_trace'
  | 'view_contact' | 'view_appeal' | 'answer_appeal'
export const ACCESS_ACTION_LABELS: Record<AccessAction, string> = {
  view_person: '查询健康码状态',
  set_status: '变更健康码状态',
  import_status: '批量导入健康码状态',
  trace_case: '流调：查询您的扫码记录',
  trace_contact: '流调：您与病例曾在同一场所',
  confirm_trace: '流调：确认并发出风险提示',
  export_trace: '流调：导出扫码记录给卫生健康部门',
  view_alert: '查看异常提醒中的个人信息',
  companion_link: '将您添加为同行人员',
  companion_status: '同行扫码时查看了您的健康码状态',
  assisted_entry: '为您辅助登记并查看健康码状态',
  propose_status: '提出变更您的健康码状态（待另一名工作人员复核）',
  approve_status: '复核通过，变更您的健康码状态',
  reject_status: '复核未通过，您的健康码状态未变更',
  expire_status: '变更申请超时未复核，已失效',
  propose_trace: '流调：提出发出风险提示（待复核）',
  approve_trace: '流调：复核通过，发出风险提示',
  reject_trace: '流调：复核未通过，未发出风险提示',
  expire_trace: '流调：风险提示申请超时未复核，已失效',
  view_contact: '流调：查看您的完整姓名和手机号码',
  view_appeal: '查看您的申诉',
  answer_appeal: '答复您的申诉'
}

/** One official access to a person's data, as that person reads it. */
export interface AccessRecordView {
  /** Whose data: the holder or a companion (masked). */
  nameMasked: string
  office: string
  officialNameMasked: string
  action: AccessAction
  /** The reason the official gave, where the action has one. */
  reason: string | null
  at: string
  /**
   * The record checked against its person's audit chain (server/domain/audit-chain.ts): false when
   * it was edited, put in out of order, or follows records deleted since.
   */
  verified: boolean
}

/**
 * purge: retention. Only WeChat's timer trigger runs it (the local stack schedules the same
 * handler); every call from a client is refused.
 */
export type PurgeRequest = Record<string, never>
export interface PurgeResponse { entries: number; alerts: number; notices: number; before: string }

/**
 * codeInfo (anyone, no session): what a scanned code is, before anyone is asked to sign in.
 * A genuine current code answers what its poster prints anyway (venue, address, checkpoint)
 * and where the verified app opens it; anything else is refused with checkIn's warning codes.
 */
export interface CodeInfoRequest { code: string }
export interface CodeInfoResponse {
  venue: { name: string; fullAddress: string; checkpointName: string }
  /** Links that open this code in the verified apps; null where this deployment has no such app. */
  openIn: { wechat: string | null; alipay: string | null }
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
  alert: [ActionRequest<AlertActions>, ActionResponse<AlertActions>]
  official: [ActionRequest<OfficialActions>, ActionResponse<OfficialActions>]
  purge: [PurgeRequest, PurgeResponse]
  codeInfo: [CodeInfoRequest, CodeInfoResponse]
}

/** Each action function's actions, for typed callers. */
export interface ActionMaps {
  people: PeopleActions
  entries: EntriesActions
  assist: AssistActions
  generateCode: GenerateCodeActions
  venue: VenueActions
  inspector: InspectorActions
  alert: AlertActions
  official: OfficialActions
}
export type FunctionName = keyof Api
export const FUNCTION_NAMES: FunctionName[] = [
  'demoLogin', 'alipayLogin', 'listDemoAccounts', 'signOut', 'whoAmI', 'listRegions', 'generateCode',
  'myVenues', 'getVenueCode', 'regenerateCode', 'checkIn', 'people', 'entries', 'assist', 'venue', 'inspector',
  'alert', 'official', 'purge', 'codeInfo'
]

// ---- Power under checks (issue 20): two officials, the person told and heard, a designed end ----

/** How long a proposal waits for a second official unless STATUS_PROPOSAL_HOURS says otherwise. */
export const DEFAULT_PROPOSAL_HOURS = 24
/** How far back the home page shows changes of the holder's and companions' status. */
export const STATUS_NOTICE_DAYS = 30
export const APPEAL_TEXT_MAX = 200

export type ProposalKind = 'status' | 'trace'
export type ProposalState = 'pending' | 'approved' | 'rejected' | 'expired'

/** One person's change inside a status proposal (one for a single change, one per line for a file). */
export interface ProposalLineView {
  personId: string
  nameMasked: string
  idCardMasked: string
  fromStatus: HealthStatus
  toStatus: HealthStatus
  reason: string
}

/** A change waiting for (or decided by) a second official. */
export interface ProposalView {
  proposalId: string
  kind: ProposalKind
  state: ProposalState
  source: 'manual' | 'import' | 'appeal'
  /** "济南市疫情防控指挥部 赵*" */
  proposedBy: string
  proposedAt: string
  expiresAt: string
  /** The proposer's reason; for a file, its name. */
  reason: string
  /** The first lines (at most 50) of a status proposal; empty for a trace. */
  lines: ProposalLineView[]
  lineCount: number
  /** A trace confirmation: the trace, its case (masked) and how many people it would notify. */
  traceId: string | null
  caseNameMasked: string | null
  contactCount: number | null
  decidedBy: string | null
  decidedAt: string | null
  decisionReason: string | null
  /** Applied at once on the deployment's emergency path (STATUS_EMERGENCY_PATH). */
  emergency: boolean
  /** Whether the caller may approve or reject it: pending, not theirs, their region or below. */
  canDecide: boolean
  /** The caller proposed it. */
  mine: boolean
}

export type AppealState = 'open' | 'answered'
export type AppealDecision = 'upheld' | 'corrected'
export const APPEAL_DECISION_LABELS: Record<AppealDecision, string> = { upheld: '维持', corrected: '更正' }

/** 申诉: a person's objection to one change of their status, and the officials' answer. */
export interface AppealView {
  appealId: string
  changeId: string
  personNameMasked: string
  idCardMasked: string
  fromStatus: HealthStatus | null
  toStatus: HealthStatus
  /** The change's reason and office, as the person was told. */
  changeReason: string
  office: string
  text: string
  createdAt: string
  state: AppealState
  decision: AppealDecision | null
  answer: string | null
  answeredBy: string | null
  answeredAt: string | null
  /** With 更正: the proposal that would restore the earlier status (a second official approves it). */
  correctionProposalId: string | null
}

/** A change of the holder's or a companion's status, as the person reads it on the home page. */
export interface StatusNoticeView {
  changeId: string
  personId: string
  nameMasked: string
  /** 本人, or the companion's relation label */
  relationLabel: string
  fromStatus: HealthStatus | null
  toStatus: HealthStatus
  office: string
  /** Masked: "赵*" */
  proposedBy: string
  /** Masked; null for an emergency change */
  approvedBy: string | null
  emergency: boolean
  reason: string
  at: string
  appeal: AppealView | null
  /** Only the holder of a verified account appeals, once per change. */
  canAppeal: boolean
}

/**
 * What 停用 destroyed: published when the grace period ends (file, log) and shown to anyone who
 * opens the mini-program afterwards.
 */
export interface DeletionReceipt {
  /** When 停用 was ordered, and the China day from which scans were refused. */
  stoppedAt: string
  stoppedOn: string
  destroyedAt: string
  /** Rows (and entry partitions, files) destroyed, by table or kind. */
  counts: Record<string, number>
  /** The last published head of the audit chains before destruction (hex), or null if none. */
  lastAuditHead: string | null
  /** Data key ids destroyed. */
  keysDestroyed: string[]
}
