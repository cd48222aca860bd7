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

/** myVenues: venues the caller administers, each with its current code. */
export type MyVenuesRequest = Record<string, never>
export interface MyVenuesResponse { venues: Array<{ venue: VenueView; code: VenueCodeView }> }

/** getVenueCode: one venue's current code (admin of that venue only). */
export interface GetVenueCodeRequest { venueId: string }
export type GetVenueCodeResponse = GenerateCodeResponse

/** regenerateCode: bump the code version; every older poster stops working. */
export interface RegenerateCodeRequest { venueId: string }
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

/** Map of every function name to its request and response, for typed callers. */
export interface Api {
  demoLogin: [DemoLoginRequest, DemoLoginResponse]
  alipayLogin: [AlipayLoginRequest, AlipayLoginResponse]
  listDemoAccounts: [ListDemoAccountsRequest, ListDemoAccountsResponse]
  signOut: [SignOutRequest, SignOutResponse]
  whoAmI: [WhoAmIRequest, WhoAmIResponse]
  listRegions: [ListRegionsRequest, ListRegionsResponse]
  generateCode: [GenerateCodeRequest, GenerateCodeResponse]
  myVenues: [MyVenuesRequest, MyVenuesResponse]
  getVenueCode: [GetVenueCodeRequest, GetVenueCodeResponse]
  regenerateCode: [RegenerateCodeRequest, RegenerateCodeResponse]
  checkIn: [CheckInRequest, CheckInResponse]
  people: [ActionRequest<PeopleActions>, ActionResponse<PeopleActions>]
  entries: [ActionRequest<EntriesActions>, ActionResponse<EntriesActions>]
  assist: [ActionRequest<AssistActions>, ActionResponse<AssistActions>]
}

/** Each action function's actions, for typed callers. */
export interface ActionMaps {
  people: PeopleActions
  entries: EntriesActions
  assist: AssistActions
}
export type FunctionName = keyof Api
export const FUNCTION_NAMES: FunctionName[] = [
  'demoLogin', 'alipayLogin', 'listDemoAccounts', 'signOut', 'whoAmI', 'listRegions', 'generateCode',
  'myVenues', 'getVenueCode', 'regenerateCode', 'checkIn', 'people', 'entries', 'assist'
]
