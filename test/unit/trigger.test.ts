import { describe, expect, it } from 'vitest'
import { isUntrustedTrigger } from '../../src/modes/trigger.js'

// The trigger policy is pure: it reads the event's payload, nothing else.
describe('isUntrustedTrigger', () => {
  const pr = (full_name: string | null, fork = false) => ({
    pull_request: { head: { repo: full_name === null ? null : { full_name, fork } } }
  })
  it('refuses fork pull requests and pull_request_target, allows the rest', () => {
    expect(isUntrustedTrigger('pull_request_target', pr('acme/widgets'), 'acme/widgets')).toMatch(
      /pull_request_target/
    )
    expect(isUntrustedTrigger('pull_request', pr('mallory/widgets', true), 'acme/widgets')).toMatch(
      /fork \(mallory\/widgets\)/
    )
    expect(isUntrustedTrigger('pull_request', pr(null), 'acme/widgets')).toMatch(/fork/)
    expect(isUntrustedTrigger('pull_request', pr('Acme/Widgets'), 'acme/widgets')).toBeNull()
    expect(isUntrustedTrigger('workflow_dispatch', {}, 'acme/widgets')).toBeNull()
    expect(isUntrustedTrigger('push', {}, 'acme/widgets')).toBeNull()
  })
})

describe('isUntrustedTrigger: the repository is itself a fork', () => {
  const repo = { id: 11, full_name: 'acme/widgets', fork: true }
  const event = (head: object | null, base: object = repo) => ({
    repository: repo,
    pull_request: { head: { repo: head }, base: { repo: base } }
  })
  it('trusts a pull request between branches of that repository', () => {
    expect(isUntrustedTrigger('pull_request', event(repo), 'acme/widgets')).toBeNull()
    expect(isUntrustedTrigger('pull_request_review', event({ ...repo }), 'acme/widgets')).toBeNull()
  })
  it('refuses one from another fork, by id even when the name matches', () => {
    expect(
      isUntrustedTrigger(
        'pull_request',
        event({ id: 99, full_name: 'mallory/widgets', fork: true }),
        'acme/widgets'
      )
    ).toMatch(/fork \(mallory\/widgets\)/)
    expect(
      isUntrustedTrigger(
        'pull_request',
        event({ id: 99, full_name: 'acme/widgets', fork: true }),
        'acme/widgets'
      )
    ).toMatch(/fork/)
    expect(isUntrustedTrigger('pull_request', event(null), 'acme/widgets')).toMatch(/deleted/)
  })
  it('refuses a workflow_run whose head repository is another one', () => {
    const run = (head: object | null) => ({
      repository: repo,
      workflow_run: { head_repository: head, repository: repo }
    })
    expect(isUntrustedTrigger('workflow_run', run(repo), 'acme/widgets')).toBeNull()
    expect(
      isUntrustedTrigger('workflow_run', run({ id: 99, full_name: 'mallory/widgets' }), 'acme/widgets')
    ).toMatch(/mallory\/widgets/)
    expect(isUntrustedTrigger('workflow_run', run(null), 'acme/widgets')).toMatch(/untrusted/)
    // Without ids (older payloads), by name.
    expect(
      isUntrustedTrigger(
        'workflow_run',
        { workflow_run: { head_repository: { full_name: 'mallory/w' } } },
        'acme/w'
      )
    ).toMatch(/untrusted/)
    expect(
      isUntrustedTrigger(
        'workflow_run',
        { workflow_run: { head_repository: { full_name: 'Acme/W' } } },
        'acme/w'
      )
    ).toBeNull()
  })
})
