/**
 * What 实名信息 opens with: the holder's profile and the provider this account would verify
 * with (whoAmI), so an unverified profile is offered 去核验 only where this deployment has a
 * provider. A failed whoAmI leaves the provider unknown (undefined): the button stays, and the
 * server's refusal explains.
 */
import type { IdentityProviderKind, ProfileView, Result } from '../shared/api'
import { callAction } from './actions'
import { callFunction } from './cloud'

export interface ProfilePage {
  profile: ProfileView | null
  provider: IdentityProviderKind | null | undefined
}

export async function loadProfilePage(): Promise<Result<ProfilePage>> {
  const [profile, me] = await Promise.all([callAction('people', 'getProfile', {}), callFunction('whoAmI', {})])
  if (!profile.ok) return profile
  return { ok: true, data: { profile: profile.data.profile, provider: me.ok ? me.data.identityProvider : undefined } }
}
