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
 * replaced, and `.<ext>` at the end.
 */
export function safeFileName(name: string, ext: string, fallback: string): string {
  const base = name.replace(new RegExp(`\\.${ext}$`, 'i'), '').replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '_').trim() || fallback
  return `${base}.${ext}`
}

export function safePdfName(name: string): string {
  return safeFileName(name, 'pdf', '场所码')
}
