import { randomUUID } from 'crypto'
import type { Config } from '../config'
import type { CheckResult, IdentityProvider, IdentityProviderKind } from './port'

/** How long a demo ticket is accepted, as a real provider's would be. */
const DEMO_TICKET_MINUTES = 30

/**
 * The local stack's demo provider: every check passes, so the whole flow can be tried in a
 * browser. Only where demo sign-in is (config.demoLogin, itself only on the local stack).
 */
function demoProvider(): IdentityProvider {
  const tickets = new Set<string>()
  return {
    kind: 'demo',
    async start() {
      const ticket = `demo-${randomUUID()}`
      tickets.add(ticket)
      return { ticket, expiresAt: new Date(Date.now() + DEMO_TICKET_MINUTES * 60_000), client: { demo: true } }
    },
    async result(ticket): Promise<CheckResult> {
      return tickets.has(ticket) ? { kind: 'passed' } : { kind: 'expired' }
    }
  }
}

export type IdentityProviders = Partial<Record<IdentityProviderKind, IdentityProvider>>

const cache = new WeakMap<Config, IdentityProviders>()

/** The providers this deployment has, one instance per configuration. */
export function identityProviders(config: Config): IdentityProviders {
  let providers = cache.get(config)
  if (!providers) {
    providers = config.demoLogin ? { demo: demoProvider() } : {}
    cache.set(config, providers)
  }
  return providers
}
