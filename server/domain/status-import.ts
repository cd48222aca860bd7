import type { StatusImportResult } from '../../src/shared/api'
import type { Deps } from './deps'

/** A status file (csv-parse, BOM allowed): every line valid and in scope, or nothing changes. */
export async function importStatusCsv(_deps: Deps, _userId: string, _fileName: string, _csv: string): Promise<StatusImportResult> {
  throw new Error('importStatusCsv: not written yet')
}
