import { CODE_BASES_GLOBAL } from '../../src/shared/venue-code'

/**
 * Writes this deployment's link bases into the H5 page as it is served, so one build serves any
 * address and the page refuses a look-alike host by the same rule as checkIn. JSON inside a
 * script element: `<` is escaped so no base can close the element.
 */
export function injectCodeBases(html: string, bases: readonly string[]): string {
  const json = JSON.stringify(bases).replace(/</g, '\\u003c')
  const script = `<script>window.${CODE_BASES_GLOBAL}=${json}</script>`
  return html.includes('</head>') ? html.replace('</head>', `${script}</head>`) : script + html
}
