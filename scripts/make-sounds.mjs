// Writes the three short result sounds (src/assets/sounds/*.wav) from sine tones, so they are
// ours (no licence question) and can be remade: `node scripts/make-sounds.mjs`.
// 16-bit mono PCM at 11,025 Hz: every platform's audio player takes it (WeChat, Alipay, browsers),
// and the tones (≤ 1,320 Hz) sit far below the 5.5 kHz limit; each file stays under 20 KB.
import { writeFileSync } from 'fs'
import { dirname, join } from 'path'
import { fileURLToPath } from 'url'

const RATE = 11025
const out = join(dirname(fileURLToPath(import.meta.url)), '../src/assets/sounds')

/** Notes as [frequency Hz, seconds] (0 Hz = silence), each with a 10 ms fade in and out. */
function wav(notes) {
  const samples = []
  for (const [freq, seconds] of notes) {
    const n = Math.round(seconds * RATE)
    const fade = Math.round(0.01 * RATE)
    for (let i = 0; i < n; i++) {
      const envelope = Math.min(1, i / fade, (n - 1 - i) / fade)
      samples.push(freq ? Math.round(Math.sin(2 * Math.PI * freq * i / RATE) * envelope * 0.6 * 32767) : 0)
    }
  }
  const data = Buffer.alloc(samples.length * 2)
  samples.forEach((s, i) => data.writeInt16LE(s, i * 2))
  const head = Buffer.alloc(44)
  head.write('RIFF', 0); head.writeUInt32LE(36 + data.length, 4); head.write('WAVE', 8)
  head.write('fmt ', 12); head.writeUInt32LE(16, 16); head.writeUInt16LE(1, 20); head.writeUInt16LE(1, 22)
  head.writeUInt32LE(RATE, 24); head.writeUInt32LE(RATE * 2, 28); head.writeUInt16LE(2, 32); head.writeUInt16LE(16, 34)
  head.write('data', 36); head.writeUInt32LE(data.length, 40)
  return Buffer.concat([head, data])
}

// 登记成功: two rising notes, bright and short.
writeFileSync(join(out, 'success.wav'), wav([[880, 0.12], [0, 0.04], [1320, 0.18]]))
// 请勿进入 / 非官方场所码: three low pulses, unlike the success chime even to a distracted ear.
writeFileSync(join(out, 'alert.wav'), wav([[440, 0.14], [0, 0.07], [440, 0.14], [0, 0.07], [330, 0.22]]))
// 已登记, colour not shown (身份未核验): one plain mid note, neither "go" nor "stop".
writeFileSync(join(out, 'notice.wav'), wav([[660, 0.22]]))
