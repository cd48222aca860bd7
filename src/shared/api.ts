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
export type DemoAccountId = 'citizen' | 'citizen_yellow' | 'citizen_red' | 'venue_admin' | 'inspector' | 'official'
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
  nameMasked: string
  healthStatus: HealthStatus
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

/** checkIn: verify a scanned code and log the caller's entry. */
export interface CheckInRequest {
  /** Whatever was scanned or opened: full link, encoded link, or bare token. */
  code: string
}
export interface CheckInResponse {
  entryId: string
  /** UTC ISO time the entry was logged (server clock). */
  checkedInAt: string
  /** True when this scan was folded into an entry made within the idempotency window. */
  repeated: boolean
  venue: { id: string; name: string; fullAddress: string; typeLabel: string; checkpointName: string }
  person: { nameMasked: string; healthStatus: HealthStatus }
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
}
export type FunctionName = keyof Api
export const FUNCTION_NAMES: FunctionName[] = [
  'demoLogin', 'alipayLogin', 'listDemoAccounts', 'signOut', 'whoAmI', 'listRegions', 'generateCode',
  'myVenues', 'getVenueCode', 'regenerateCode', 'checkIn'
]
