import { describe, expect, it } from 'vitest'
import { dependentsOf } from '../../src/modes/review/review.js'
import { newTaskId } from '../../src/modes/review/decision.js'
import { fenced } from '../../src/engine/prompt.js'
import { parseReviewEvent } from '../../src/infra/github/review-event.js'
import { parseCommands, withoutCommands } from '../../src/modes/review/commands.js'

describe('parseCommands', () => {
  it('reads redo, add and status at the start of a line, with the lines below as their text', () => {
    expect(
      parseCommands(
        'Thanks!\n/taskmesh redo api-1 use POST\nnot GET\n\n/taskmesh add Write docs\nfor the CLI\n  /taskmesh status'
      )
    ).toEqual([
      { kind: 'redo', taskId: 'api-1', feedback: 'use POST\nnot GET' },
      { kind: 'add', description: 'Write docs\nfor the CLI' },
      { kind: 'status' }
    ])
  })

  it('ignores commands in the middle of a line, in code fences and in quotes', () => {
    expect(parseCommands('try /taskmesh redo a\n```\n/taskmesh redo b\n```\n> /taskmesh redo c')).toEqual([])
    expect(parseCommands('/taskmeshy redo a')).toEqual([])
  })

  it('keeps a redo without an id (an inline comment names its file) and flags the rest', () => {
    expect(parseCommands('/taskmesh redo\nbetter names')).toEqual([
      { kind: 'redo', taskId: undefined, feedback: 'better names' }
    ])
    expect(parseCommands('/taskmesh')).toEqual([{ kind: 'unknown', text: '/taskmesh' }])
    expect(parseCommands('/TASKMESH help me')).toEqual([{ kind: 'unknown', text: '/taskmesh help me' }])
    expect(parseCommands('/taskmesh status now')).toEqual([{ kind: 'unknown', text: '/taskmesh status now' }])
    expect(parseCommands('/taskmesh add   ')).toEqual([{ kind: 'add', description: '' }])
  })

  it('leaves a review body its text without the commands', () => {
    expect(withoutCommands('Too long.\n/taskmesh redo a shorter')).toBe('Too long.')
    expect(withoutCommands('  Only text  ')).toBe('Only text')
    expect(withoutCommands('See:\n```\n/taskmesh redo x\n```\n/taskmesh redo a')).toBe(
      'See:\n```\n/taskmesh redo x\n```'
    )
  })
})

describe('parseReviewEvent', () => {
  const user = { login: 'alice', type: 'User' }
  it('reads the three events', () => {
    const review = parseReviewEvent('pull_request_review', {
      action: 'submitted',
      pull_request: { number: 3, head: { ref: 'taskmesh/x' }, state: 'open' },
      review: { id: 9, state: 'CHANGES_REQUESTED', body: 'no', user, html_url: 'u', submitted_at: 't' }
    })
    expect(review).toMatchObject({
      trigger: {
        prNumber: 3,
        id: 9,
        reviewState: 'changes_requested',
        author: { login: 'alice', isBot: false }
      }
    })
    const inline = parseReviewEvent('pull_request_review_comment', {
      action: 'created',
      pull_request: { number: 3 },
      comment: {
        id: 5,
        body: 'b',
        path: 'a.ts',
        original_line: 4,
        diff_hunk: '@@',
        user: { login: 'x[bot]' }
      }
    })
    expect(inline).toMatchObject({
      trigger: { path: 'a.ts', line: 4, diffHunk: '@@', author: { isBot: true } }
    })
    const conv = parseReviewEvent('issue_comment', {
      action: 'created',
      issue: { number: 4, pull_request: { url: 'x' } },
      comment: { id: 6, body: '/taskmesh status', user: { login: 'app', type: 'Bot' } }
    })
    expect(conv).toMatchObject({ trigger: { prNumber: 4, event: 'issue_comment', author: { isBot: true } } })
  })

  it('says why it ignores an event', () => {
    expect(
      parseReviewEvent('issue_comment', { action: 'created', issue: { number: 1 }, comment: { id: 1 } })
    ).toEqual({
      ignore: 'a comment on an issue, not on a pull request'
    })
    expect(parseReviewEvent('pull_request_review', { action: 'edited' })).toMatchObject({
      ignore: expect.stringContaining('edited')
    })
    expect(parseReviewEvent('push', {})).toMatchObject({
      ignore: expect.stringContaining('mode: review runs on')
    })
  })
})

describe('review helpers', () => {
  it('finds dependents transitively, in file order', () => {
    const tasks = [
      { id: 'a', description: 'x' },
      { id: 'c', description: 'x', dependencies: ['b'] },
      { id: 'b', description: 'x', dependencies: ['a'] },
      { id: 'd', description: 'x' }
    ]
    expect(dependentsOf('a', tasks)).toEqual(['c', 'b'])
    expect(dependentsOf('d', tasks)).toEqual([])
  })

  it('makes task ids from descriptions, unique', () => {
    const taken = new Set(['write-the-readme'])
    expect(newTaskId('Write the README!', taken)).toBe('write-the-readme-2')
    expect(newTaskId('???', taken)).toBe('task')
    expect(newTaskId('Ünïcode ok', taken)).toBe('n-code-ok')
  })

  it('fences text with a fence longer than its own backticks', () => {
    expect(fenced('a ``` b')).toBe('````\na ``` b\n````')
    expect(fenced('plain', 'diff')).toBe('```diff\nplain\n```')
  })
})
