import { describe, expect, it } from 'vitest'
import { RunnerConsole } from '../../scripts/runner-console.js'

const show = (lines: string[]) => {
  const c = new RunnerConsole()
  return lines.flatMap(l => c.line(l))
}

describe('the demo shows the action log the way a runner would', () => {
  it('consumes workflow commands: groups become headings, debug and endgroup vanish', () => {
    expect(
      show([
        'Taskmesh · p: 1 ready',
        '::group::▶ a · A (attempt 1/3)',
        '::debug::session started',
        '💬 hi',
        '::endgroup::'
      ])
    ).toEqual(['  Taskmesh · p: 1 ready', '', '▶ a · A (attempt 1/3)', '  💬 hi'])
  })

  it('never shows an add-mask command, and masks its value in every later line', () => {
    const out = show([
      '::add-mask::sk-ant-secret-123',
      'key is sk-ant-secret-123',
      '::error::bad sk-ant-secret-123'
    ])
    expect(out.join('\n')).not.toContain('sk-ant-secret-123')
    expect(out).toEqual(['  key is ***', 'error: bad ***'])
  })

  it('shows annotations with file and line, unescaped', () => {
    expect(
      show(['::warning title=T,file=task.json,line=5,col=3::tasks[1].dependsOn: 50%25 sure%0Asecond'])
    ).toEqual(['task.json:5: warning: tasks[1].dependsOn: 50% sure', '    second'])
  })

  it('drops other commands and honours stop-commands', () => {
    expect(
      show(['::set-output name=x::1', '::stop-commands::tok', '::group::literal', '::tok::', '::debug::d'])
    ).toEqual(['  ::group::literal'])
  })
})
