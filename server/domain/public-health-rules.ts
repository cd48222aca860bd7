import { VENUE_TYPE_IDS, type VenueTypeId } from '../../src/shared/venue-types'

/**
 * The public-health rules of tracing and retention. Each is configuration (server/config.ts
 * reads the environment variable named beside it), because health offices set them, not us.
 */
export interface PublicHealthRules {
  /** TRACE_WINDOW_DAYS: the default period of a trace, ending today. */
  traceWindowDays: number
  /**
   * TRACE_AEROSOL_EXTENSION_MAX_MINUTES: a case's stay counts as lasting longer by its own
   * length, up to this (aerosols linger; Corona-Warn-App uses 30 minutes).
   */
  aerosolExtensionMaxMinutes: number
  /** TRACE_DEFAULT_STAY_MINUTES (JSON, by venue type): a stay without 离场 ends after this. */
  defaultStayMinutes: Record<VenueTypeId, number>
  /** ENTRY_RETENTION_DAYS: entries, alerts and 风险提示 older than this are purged. */
  entryRetentionDays: number
}

/**
 * Default stays follow Corona-Warn-App's practice (15 min – 23 h 45, in 15-minute steps): short
 * for passing through, long for places people stay.
 */
export const DEFAULT_STAY_MINUTES: Record<VenueTypeId, number> = {
  government: 60,
  service_hall: 60,
  school: 480,
  hospital: 120,
  culture: 120,
  elderly_care: 480,
  restaurant: 90,
  hotel: 720,
  mall: 90,
  market: 45,
  pharmacy: 15,
  entertainment: 180,
  scenic: 180,
  enterprise: 480,
  transport_station: 30,
  bus: 30,
  vehicle: 30,
  cold_chain: 480,
  logistics: 60,
  residential: 720,
  construction: 480,
  other: 60
}

export const DEFAULT_RULES: PublicHealthRules = {
  traceWindowDays: 14,
  aerosolExtensionMaxMinutes: 30,
  defaultStayMinutes: DEFAULT_STAY_MINUTES,
  entryRetentionDays: 28
}

/** A stay's default length for a venue type; an unknown type gets the longest, never the shortest. */
export function defaultStayFor(rules: PublicHealthRules, type: string): number {
  const known = (VENUE_TYPE_IDS as readonly string[]).includes(type)
  return known ? rules.defaultStayMinutes[type as VenueTypeId] : Math.max(...Object.values(rules.defaultStayMinutes))
}
