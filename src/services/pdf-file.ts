/**
 * A PDF received from a function as base64 (the A4 poster), made into a file without Taro:
 * its bytes, and a name every platform's file system accepts.
 */

/** The file's bytes from its base64 text. */
export function base64Bytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

/**
 * The name with the characters no file system takes (a checkpoint may be called 1/2号门)
 * replaced, and `.pdf` at the end.
 */
export function safePdfName(name: string): string {
  const base = name.replace(/\.pdf$/i, '').replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '_').trim() || '场所码'
  return `${base}.pdf`
}
