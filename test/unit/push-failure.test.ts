import { describe, expect, it } from 'vitest'
import { classifyPushFailure } from '../../src/persist/push.js'

// `git push --porcelain` output (stdout, then stderr), as git and GitHub word it.
describe('classifyPushFailure', () => {
  it('tells a refused or missing credential', () => {
    expect(
      classifyPushFailure(
        "remote: Permission to o/r.git denied to github-actions[bot].\nfatal: unable to access 'https://github.com/o/r/': The requested URL returned error: 403"
      )
    ).toBe('auth')
    expect(
      classifyPushFailure(
        "fatal: could not read Username for 'https://github.com': terminal prompts disabled"
      )
    ).toBe('auth')
  })

  it('tells a remote that moved: behind it, or another push won the race for the ref', () => {
    expect(
      classifyPushFailure('To /tmp/origin.git\n!\tabc:refs/heads/main\t[rejected] (fetch first)\nDone')
    ).toBe('moved')
    expect(classifyPushFailure('!\tabc:refs/heads/main\t[rejected] (non-fast-forward)')).toBe('moved')
    expect(
      classifyPushFailure(
        "!\tabc:refs/heads/main\t[remote rejected] (cannot lock ref 'refs/heads/main': is at 1234abcd but expected 5678ef90)"
      )
    ).toBe('moved')
    expect(
      classifyPushFailure('!\tabc:refs/heads/main\t[remote rejected] (incorrect old value provided)')
    ).toBe('moved')
  })

  it('tells a refusal that retrying cannot change (a hook, branch protection)', () => {
    expect(
      classifyPushFailure('!\tabc:refs/heads/main\t[remote rejected] (protected branch hook declined)')
    ).toBe('refused')
    expect(classifyPushFailure('!\tabc:refs/heads/main\t[remote rejected] (pre-receive hook declined)')).toBe(
      'refused'
    )
  })

  it('leaves anything else to be retried as it is', () => {
    expect(
      classifyPushFailure(
        "fatal: unable to access 'https://github.com/o/r/': Could not resolve host: github.com"
      )
    ).toBe('failed')
    expect(classifyPushFailure('!\tabc:refs/heads/main\t[rejected] (stale info)')).toBe('failed')
    expect(classifyPushFailure('')).toBe('failed')
  })
})
