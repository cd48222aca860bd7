import type { Config } from '../config'
import type { Db } from '../db'

/** What domain code needs from the outside world; passed explicitly so tests can supply their own. */
export interface Deps {
  db: Db
  config: Config
}
