/**
 * Typed calls to the functions that group several actions (`people`, `entries`, `assist`):
 * `callAction('people', 'addCompanion', { name, idCard, relation })` sends
 * `{ action: 'addCompanion', ...fields }` and its answer is typed as that one action's response,
 * not as the union of every action's, so a page needs no casts.
 */
import type { ActionMaps, Api, Result } from '../shared/api'
import { callFunction } from './cloud'

export type ActionFunction = keyof ActionMaps
export type ActionName<F extends ActionFunction> = keyof ActionMaps[F] & string
export type ActionData<F extends ActionFunction, A extends ActionName<F>> = ActionMaps[F][A] extends [infer Q, unknown] ? Q : never
export type ActionResult<F extends ActionFunction, A extends ActionName<F>> = ActionMaps[F][A] extends [unknown, infer R] ? R : never

export async function callAction<F extends ActionFunction, A extends ActionName<F>>(
  name: F, action: A, data: ActionData<F, A>
): Promise<Result<ActionResult<F, A>>> {
  // The function's request type is the union over its actions; this one member of it is
  // sound by construction of ActionData, which TypeScript cannot follow through the generics.
  const res = await callFunction(name, { ...(data as object), action } as unknown as Api[F][0])
  return res as Result<ActionResult<F, A>>
}
