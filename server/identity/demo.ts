/**
 * The local stack's identity provider: every check passes at once, so the flows that need a
 * verified person can be tried without a phone. Only where demo sign-in is (DEMO_LOGIN=1, which
 * the configuration allows on the local stack alone): anywhere else it would hand out holds.
 *
 * It keeps no record: the ticket itself says when it ends, under the same seal as every other
 * provider's. A record in memory would be one per bundle, and each cloud function is bundled on
 * its own, so a check opened by one function would be unknown to the next.
 */
import { randomBytes } from 'crypto'
import type { Config } from '../config'
import type { IdentityProvider } from './port'
import { sealedProvider } from './ticket-seal'

/** As long as a person might take over a real check; the demo's own answer is immediate. */
export const DEMO_CHECK_LIFETIME_MS = 10 * 60 * 1000

export function demoIdentityProvider(config: Pick<Config, 'demoLogin'>, sealKey: Buffer): IdentityProvider {
  if (!config.demoLogin) throw new Error('the demo identity provider is only for the local stack with DEMO_LOGIN=1')
  return sealedProvider('demo', sealKey, {
    async open() {
      const expiresAt = new Date(Date.now() + DEMO_CHECK_LIFETIME_MS)
      return { id: `demo_${expiresAt.getTime().toString(36)}_${randomBytes(9).toString('hex')}`, expiresAt, client: { demo: true } }
    },
    async ask(id) {
      const ends = parseInt(id.split('_')[1] ?? '', 36)
      return Number.isFinite(ends) && Date.now() < ends ? { kind: 'passed' } : { kind: 'expired' }
    }
  })
}
