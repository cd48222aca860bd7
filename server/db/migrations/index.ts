import * as m001 from './001_initial'
import * as m002 from './002_sessions_and_limits'
import * as m003 from './003_people'
import * as m004 from './004_venue_management'
import * as m005 from './005_alerts_and_tracing'
import * as m006 from './006_day_partitions'
import * as m007 from './007_identity'
import * as m008 from './008_risk_acknowledged'
import * as m009 from './009_citus_roles'
import * as m010 from './010_late_scans'
import * as m011 from './011_two_officials'
import * as m012 from './012_audit_chain'
import * as m013 from './013_wind_down'
import * as m014 from './014_region_history'
import * as m015 from './015_status_notifications'

export interface Migration {
  version: number
  name: string
  /** One statement per entry: PGlite's parameterised query runs a single statement. */
  statements: string[]
}

/** Every migration in order. Imported statically so esbuild bundles them into each function. */
export const MIGRATIONS: Migration[] = [m001, m002, m003, m004, m005, m006, m007, m008, m009, m010, m011, m012, m013, m014, m015]
