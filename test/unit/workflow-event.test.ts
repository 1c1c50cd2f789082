import { mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { readWorkflowEvent } from '../../src/action/event.js'

const dir = () => mkdtempSync(path.join(os.tmpdir(), 'taskmesh-event-'))

describe('the workflow event (GITHUB_EVENT_NAME, GITHUB_EVENT_PATH)', () => {
  it('reads the name and the payload the runner wrote', () => {
    const file = path.join(dir(), 'event.json')
    writeFileSync(file, JSON.stringify({ pull_request: { number: 7 } }))
    expect(readWorkflowEvent({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: file })).toEqual({
      name: 'pull_request',
      payload: { pull_request: { number: 7 } }
    })
  })

  it('no event file, or none named, is an empty payload (as @actions/github has it)', () => {
    const missing = path.join(dir(), 'nope.json')
    expect(readWorkflowEvent({ GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: missing })).toEqual({
      name: 'push',
      payload: {}
    })
    expect(readWorkflowEvent({})).toEqual({ name: '', payload: {} })
  })

  it('a file that is not JSON is an error that names the variable and the file', () => {
    const file = path.join(dir(), 'event.json')
    writeFileSync(file, '{"action": ')
    expect(() => readWorkflowEvent({ GITHUB_EVENT_NAME: 'issue_comment', GITHUB_EVENT_PATH: file })).toThrow(
      `the event file GITHUB_EVENT_PATH (${file}) is not valid JSON`
    )
  })

  it('a path that is a folder is an error that says it cannot be read', () => {
    const folder = dir()
    expect(() => readWorkflowEvent({ GITHUB_EVENT_PATH: folder })).toThrow(
      `cannot read the event file GITHUB_EVENT_PATH (${folder})`
    )
  })
})
