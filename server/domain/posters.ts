import type { PosterPdf } from '../../src/shared/api'
import { shanghaiDate } from '../../src/shared/time'
import { renderPosterPdf } from '../poster/pdf'
import type { Deps } from './deps'
import { assertVenueAdmin } from './venue-access'
import { venueWithCode } from './venues'

/** Characters a file name on a phone or a print shop's PC cannot hold. */
const UNSAFE_FILE_CHARS = /[\\/:*?"<>|\u0000-\u001f]/g

/** A checkpoint's A4 poster with its current code, for the venue's admin to print. */
export async function posterPdf(deps: Deps, userId: string, venueId: string, checkpointId: string): Promise<PosterPdf> {
  await assertVenueAdmin(deps.db, userId, venueId)
  const { venue, code } = await venueWithCode(deps, venueId, checkpointId)
  const pdf = await renderPosterPdf({
    venueName: venue.name,
    checkpointName: code.checkpointName,
    fullAddress: venue.fullAddress,
    codeUrl: code.url,
    printedOn: shanghaiDate(new Date())
  })
  return {
    fileName: `场所码-${venue.name}-${code.checkpointName}.pdf`.replace(UNSAFE_FILE_CHARS, '_'),
    pdfBase64: pdf.toString('base64'),
    bytes: pdf.length
  }
}
