import { describe, expect, it } from 'vitest'
import { Redactor, SecretGuard } from '../../src/report/redact.js'
import { guardedUi, type Ui } from '../../src/modes/ui.js'
import type { LogLine } from '../../src/report/log.js'

const GH = 'ghs_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8'
const ANT = 'sk-ant-api03-' + 'Zx9_Yw8-Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0Fe'

describe('Redactor', () => {
  it('masks registered secrets wherever they appear, and their base64 auth-header form', () => {
    const r = new Redactor(['s3cret-value-42'])
    const b64 = Buffer.from('x-access-token:s3cret-value-42').toString('base64')
    expect(r.redact('a s3cret-value-42 b s3cret-value-42')).toBe('a *** b ***')
    expect(r.redact(`AUTHORIZATION: basic ${b64}`)).toBe('AUTHORIZATION: basic ***')
    expect(r.redact(`extraheader=${b64}`)).toBe('extraheader=***')
  })

  it('tells whether a text holds a registered secret in any form, but not a mere token shape', () => {
    const r = new Redactor(['s3cret-value-42'])
    expect(r.containsSecret('x s3cret-value-42 y')).toBe(true)
    expect(r.containsSecret(Buffer.from('s3cret-value-42').toString('base64'))).toBe(true)
    expect(r.containsSecret(encodeURIComponent('s3cret-value-42'))).toBe(true)
    expect(r.containsSecret(`an example: ${GH}`)).toBe(false)
    expect(r.containsSecret('nothing here')).toBe(false)
  })

  it('ignores values too short to mask without wrecking the text', () => {
    const r = new Redactor(['a', 'true', '  '])
    r.add('12345')
    expect(r.redact('a true story 12345')).toBe('a true story 12345')
  })

  it('masks secrets added later and with regex characters in them', () => {
    const r = new Redactor()
    expect(r.redact('p4$$w(rd)+x')).toBe('p4$$w(rd)+x')
    r.add('p4$$w(rd)+x')
    expect(r.redact('pw=p4$$w(rd)+x;')).toBe('pw=***;')
  })

  it('masks the longer of two overlapping secrets whole', () => {
    const r = new Redactor(['abcdef', 'abcdefghijkl'])
    expect(r.redact('[abcdefghijkl]')).toBe('[***]')
  })

  it('masks anything shaped like an Anthropic or GitHub token, and bearer tokens', () => {
    const r = new Redactor()
    const pat = 'github_pat_11ABCDEFG0' + 'x'.repeat(60)
    const text = [
      `key ${ANT}.`,
      `oauth sk-ant-oat01-${'q'.repeat(40)}`,
      `tokens ${GH} ghp_${'Z'.repeat(36)} gho_${'1'.repeat(36)} ghu_${'u'.repeat(36)} ghr_${'r'.repeat(36)}`,
      `fine ${pat}`,
      'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc_def-123',
      `https://x-access-token:${GH}@github.com/o/r.git`,
      'https://user:hunter2hunter2@example.com/'
    ].join('\n')
    expect(r.redact(text)).toBe(
      [
        'key ***.',
        'oauth ***',
        'tokens *** *** *** *** ***',
        'fine ***',
        'Authorization: Bearer ***',
        'https://x-access-token:***@github.com/o/r.git',
        'https://user:***@example.com/'
      ].join('\n')
    )
  })

  it('leaves ordinary text alone', () => {
    const r = new Redactor(['not-in-text'])
    const text = 'ghp_short, the bearer of bad news, sk-ant-, github_pat_ and https://example.com/a:b@c'
    expect(r.redact(text)).toBe(text)
  })

  it('redacts every string of a nested value without mutating it', () => {
    const r = new Redactor(['topsecret'])
    const input = { a: 'x topsecret', list: ['topsecret', 3, null], nested: { b: `t ${GH}` }, n: 1 }
    const out = r.redactDeep(input)
    expect(out).toEqual({ a: 'x ***', list: ['***', 3, null], nested: { b: 't ***' }, n: 1 })
    expect(input.a).toBe('x topsecret')
  })

  it('handles long texts, including long runs without spaces', () => {
    const r = new Redactor(['secret-one', 'secret-two', 'secret-three'])
    const big = ('lorem ipsum dolor sit amet secret-two ' + 'A'.repeat(200) + '\n').repeat(20_000) // ~5 MB
    const noSpaces = 'https://' + 'a'.repeat(2_000_000)
    const out = r.redact(big)
    r.redact(noSpaces)
    expect(out).not.toContain('secret-two')
  })
})

describe('Redactor: base64 anywhere in the text', () => {
  it('finds and masks the secret base64-encoded after any prefix, also in base64url', () => {
    const secret = 'sk-ant-api03-Zx9_Yw8-Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0Fe'
    const r = new Redactor([secret])
    for (const prefix of ['', 'k', 'ke', 'key=', 'user=k&key='])
      for (const suffix of ['', '!', '&more=1']) {
        const b64 = Buffer.from(`${prefix}${secret}${suffix}`).toString('base64')
        expect(r.containsSecret(`cfg: ${b64}`), `${prefix}…${suffix}`).toBe(true)
        expect(
          r.containsSecret(`cfg: ${Buffer.from(`${prefix}${secret}${suffix}`).toString('base64url')}`)
        ).toBe(true)
        const masked = r.redact(`cfg: ${b64}`)
        expect(masked).toContain('***')
        // What is left is at most a group of 4 characters at each end: no more than 3 bytes of the secret.
        expect(masked.replace('cfg: ', '').replace('***', '').length).toBeLessThanOrEqual(
          Buffer.from(prefix + suffix).toString('base64').length + 8
        )
      }
    expect(r.containsSecret(Buffer.from('an unrelated text of some length').toString('base64'))).toBe(false)
  })
})

describe('SecretGuard', () => {
  const secret = 's3cret-value-0123456789'
  it('masks what leaves, and reports a registered secret once per channel, never token shapes', () => {
    const found: string[] = []
    const g = new SecretGuard(new Redactor([secret]), m => found.push(m))
    expect(g.scrub(`a ${secret} b`, 'a log line')).toBe('a *** b')
    expect(g.scrub(`again ${secret}`, 'a log line')).toBe('again ***')
    expect(g.scrub(`x ${GH}`, 'the job summary')).toBe('x ***')
    expect(g.holdsSecret(`y ${secret}`, 'a branch name')).toBe(true)
    expect(g.holdsSecret('nothing', 'a branch name')).toBe(false)
    expect(found).toEqual([
      'A secret of this run (an API key or token) was found in a log line and replaced with *** before it left the runner.',
      'A secret of this run (an API key or token) was found in a branch name and replaced with *** before it left the runner.'
    ])
  })

  it('guards every channel of a Ui: log lines, group titles, annotations, outputs and the summary', async () => {
    const seen: string[] = []
    const inner: Ui = {
      log: (l: LogLine) => seen.push(l.kind === 'line' ? l.text : l.kind === 'group-start' ? l.title : 'end'),
      annotate: (level, message, where, title) => seen.push(`${level}|${message}|${where?.file}|${title}`),
      setOutput: (name, value) => seen.push(`${name}=${value}`),
      summary: async md => void seen.push(md),
      secret: () => {}
    }
    const found: string[] = []
    const ui = guardedUi(inner, new SecretGuard(new Redactor([secret]), m => found.push(m)))
    ui.log({ kind: 'group-start', title: `▶ ${secret}` })
    ui.log({ kind: 'line', level: 'info', text: `line ${secret}` })
    ui.annotate('error', `msg ${secret}`, { file: 'task.json', line: 2 }, `t ${secret}`)
    ui.setOutput('results', JSON.stringify({ error: secret }))
    await ui.summary(`# ${secret}`)
    expect(seen).toEqual([
      '▶ ***',
      'line ***',
      'error|msg ***|task.json|t ***',
      'results={"error":"***"}',
      '# ***'
    ])
    expect(seen.join('\n')).not.toContain(secret)
    expect(found.map(m => /found in (.*) and replaced/.exec(m)?.[1])).toEqual([
      'a log line',
      'an annotation',
      'the `results` output',
      'the job summary'
    ])
  })
})
