import { injectCodeBases } from '../../server/http/code-bases-script'
import { MAX_BODY_BYTES, parseEventBody } from '../../server/http/request-body'
import { httpStatusOf } from '../../server/http/status'

const body = (s: string | Buffer) => (typeof s === 'string' ? Buffer.from(s, 'utf8') : s)

describe('the HTTP body becomes an event only when it is a JSON object', () => {
  it.each([
    ['not json', '请求内容不是有效的 JSON'], ['null', '请求内容应为 JSON 对象'], ['42', '请求内容应为 JSON 对象'],
    ['"x"', '请求内容应为 JSON 对象'], ['[]', '请求内容应为 JSON 对象'], ['', '请求内容为空，应为 JSON 对象'],
    ['{"__proto__":{"admin":true}}', '请求内容含有不允许的字段名 __proto__'],
    ['{"a":{"b":[{"__proto__":1}]}}', '请求内容含有不允许的字段名 __proto__'],
    ['['.repeat(20) + '1' + ']'.repeat(20), '请求内容应为 JSON 对象'],
    ['{"a":' + '['.repeat(40) + ']'.repeat(40) + '}', '请求内容嵌套过深']
  ])('refuses %j in Chinese', (text, why) => {
    expect(parseEventBody(body(text))).toEqual({ ok: false, code: 'INVALID_INPUT', message: '提交的信息有误，请按提示修改后重试', fields: { _: why } })
  })
  it('refuses bytes that are not UTF-8', () => {
    expect(parseEventBody(Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]))).toMatchObject({ ok: false, fields: { _: '请求内容不是有效的 UTF-8 文本' } })
  })
  it('passes an object through unchanged', () => {
    expect(parseEventBody(body('{"code":"x","n":[1,{"constructor":2}]}'))).toEqual({ ok: true, event: { code: 'x', n: [1, { constructor: 2 }] } })
    expect(MAX_BODY_BYTES).toBe(64 * 1024)
  })
})

describe('one HTTP status table for every function', () => {
  it.each([
    [{ ok: true }, 200], [{ ok: false, code: 'INVALID_INPUT' }, 400], [{ ok: false, code: 'NOT_LOGGED_IN' }, 401],
    [{ ok: false, code: 'NOT_VENUE_ADMIN' }, 403], [{ ok: false, code: 'NOT_FOUND' }, 404], [{ ok: false, code: 'METHOD_NOT_ALLOWED' }, 405],
    [{ ok: false, code: 'PAYLOAD_TOO_LARGE' }, 413], [{ ok: false, code: 'RATE_LIMITED' }, 429], [{ ok: false, code: 'INTERNAL' }, 500], [{ ok: false, code: 'ALIPAY_UNAVAILABLE' }, 503],
    [{ ok: false, code: 'VENUE_CODE_FORGED' }, 200], [{ ok: false, code: 'VENUE_ALREADY_REGISTERED' }, 200],
    [{ ok: false, code: 'ALIPAY_CODE_INVALID' }, 200], [{ ok: false, code: 'ALIPAY_NOT_CONFIGURED' }, 200]
  ])('%j → %i', (answer, status) => {
    expect(httpStatusOf(answer)).toBe(status)
  })
})

describe('the H5 page learns the link bases from the server that serves it', () => {
  it('writes them before </head>, with < escaped so no base can end the script', () => {
    const html = injectCodeBases('<html><head><title>场所码</title></head><body></body></html>', ['https://a.example', 'https://b.example/</script><script>alert(1)//'])
    expect(html).toContain('<script>window.__CSM_CODE_BASES__=["https://a.example","https://b.example/\\u003c/script>\\u003cscript>alert(1)//"]</script></head>')
    expect(html.match(/<\/script>/g)).toHaveLength(1)
  })
})
