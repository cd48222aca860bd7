/** Historical county codes of ID numbers mapped to today's regions (issue 20). */
export const version = 14
export const name = 'region_history'

export const statements: string[] = []
