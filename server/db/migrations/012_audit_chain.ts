/** The audit chains (issue 20): every access and change record hashed into its person's chain. */
export const version = 12
export const name = 'audit_chain'

export const statements: string[] = []
