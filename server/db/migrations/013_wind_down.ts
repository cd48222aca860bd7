/** 停用 (issue 20): the deployment's state and its deletion receipt. */
export const version = 13
export const name = 'wind_down'

export const statements: string[] = []
