/**
 * Run engine, end to end through dist/index.js with the real Claude Code CLI against the local Messages
 * API: the action killed or cancelled mid-task, a credential failure during a parallel run, and secrets
 * kept out of everything the run leaves behind.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { TaskDocument } from '../../src/taskfile/document.js'
import { visibleLog } from '../support/action.js'
import {
  byId,
  engineFixtures,
  firstTurns,
  killTagged,
  originState,
  originSubjects,
  processesTagged,
  sleep,
  startOrder,
  statuses,
  waitFor,
  writeOwnFile
} from './engine-helpers.js'
import type { Handler } from '../support/messages-api.js'

const { setup } = engineFixtures()

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter(e => e.isFile())
    .map(e => path.join(e.parentPath, e.name))
}

describe('run engine: interrupted runs', () => {
  it('killed with SIGKILL mid-task, then run again: valid task.json, every task completed, none lost', async () => {
    let phase: 'killed' | 'rerun' = 'killed'
    let bStarted = false
    const handler: Handler = ctx => {
      if (phase === 'killed' && ctx.taskId === 'b' && ctx.turn === 0) {
        bStarted = true
        return { hang: true }
      }
      return writeOwnFile(ctx)
    }
    const f = await setup(
      [
        { id: 'a', description: 'Write a.txt' },
        { id: 'b', description: 'Write b.txt', dependencies: ['a'] },
        { id: 'c', description: 'Write c.txt', dependencies: ['b'] }
      ],
      handler
    )
    const killed = await f.run({
      onStart: child => {
        void waitFor(() => bStarted, 40_000, 'task b to reach the API').then(
          () => child.kill('SIGKILL'),
          () => child.kill('SIGKILL')
        )
      }
    })
    expect(killed.signal).toBe('SIGKILL')
    expect(bStarted).toBe(true)
    // Nothing outlives a SIGKILL by itself; the runner ends the job's leftovers. Do what it does.
    killTagged(killed.tag)
    await waitFor(() => processesTagged(killed.tag).length === 0, 10_000, 'the killed run’s processes to end')

    // What the kill left: a valid file that tells the truth (a done, b in progress), nothing half written.
    expect(TaskDocument.parse(killed.text, 'task.json').ok).toBe(true)
    expect(statuses(killed.state)).toEqual({ a: 'completed', b: 'in_progress', c: 'pending' })
    expect(readdirSync(f.repo.work).filter(n => n.endsWith('.tmp'))).toEqual([])
    expect((await originState(f.repo)).tasks.map(t => t.status ?? 'pending')).toEqual([
      'completed',
      'pending',
      'pending'
    ])

    phase = 'rerun'
    const r = await f.run()
    expect(r.exitCode, r.log).toBe(0)
    expect(TaskDocument.parse(r.text, 'task.json').ok).toBe(true)
    expect(statuses(r.state)).toEqual({ a: 'completed', b: 'completed', c: 'completed' })
    expect(r.state.status).toBe('completed')
    expect(firstTurns(f.api, 'a')).toHaveLength(1)
    expect(byId(r.state, 'b').attempts).toBe(2)
    expect(r.state.logs.some(l => l.taskId === 'b' && /interrupted run/.test(l.message))).toBe(true)
    for (const id of ['a', 'b', 'c']) {
      expect(byId(r.state, id).outputs).toEqual([`${id}.txt`])
      expect(await f.repo.git(f.repo.origin, 'show', `main:${id}.txt`)).toBe(id)
    }
    const completedCommits = (await originSubjects(f.repo)).filter(s => / completed — /.test(s))
    expect(completedCommits.map(s => /taskmesh: (\S+)/.exec(s)![1])).toEqual(['c', 'b', 'a'])
    expect((await originState(f.repo)).tasks.map(t => t.status)).toEqual([
      'completed',
      'completed',
      'completed'
    ])
    expect(await f.repo.git(f.repo.work, 'status', '--porcelain')).toBe('')
  })

  it('SIGTERM (the runner’s cancel): the running task goes back to pending, the state is committed, the step fails', async () => {
    let started = false
    const f = await setup(
      [
        { id: 'done', description: 'Write done.txt' },
        { id: 'slow', description: 'Write slow.txt' },
        { id: 'never', description: 'Write never.txt' }
      ],
      ctx => {
        if (ctx.taskId === 'slow' && ctx.turn === 0) {
          started = true
          return { hang: true }
        }
        return writeOwnFile(ctx)
      }
    )
    const r = await f.run({
      onStart: child => {
        void waitFor(() => started, 40_000, 'task slow to reach the API').then(
          () => child.kill('SIGTERM'),
          () => child.kill('SIGKILL')
        )
      }
    })
    expect(r.signal).toBeNull()
    expect(r.exitCode, r.log).not.toBe(0)
    expect(visibleLog(r.log)).toMatch(/received SIGTERM/)
    expect(statuses(r.state)).toEqual({ done: 'completed', slow: 'pending', never: 'pending' })
    const slow = byId(r.state, 'slow')
    expect(slow.attempts ?? 0).toBe(0)
    expect(slow.startedAt).toBeUndefined()
    expect(startOrder(f.api)).toEqual(['done', 'slow'])
    expect(r.outputs['stop-reason']).toBe('cancelled')
    // Committed and pushed: the remote holds the same truth, the working tree is clean.
    const remote = await originState(f.repo)
    expect(remote.tasks.map(t => t.status ?? 'pending')).toEqual(['completed', 'pending', 'pending'])
    expect(await f.repo.git(f.repo.work, 'status', '--porcelain')).toBe('')
    await sleep(200)
    expect(processesTagged(r.tag)).toEqual([])
  })
})

describe('run engine: parallel stop', () => {
  it('a 401 during a parallel run ends the other running tasks cleanly: all pending, exit 1, worktrees removed', async () => {
    const seen = new Set<string>()
    const f = await setup(
      [
        { id: 'p1', description: 'Write p1.txt' },
        { id: 'p2', description: 'Write p2.txt' },
        { id: 'p3', description: 'Write p3.txt' },
        { id: 'after', description: 'Write after.txt', dependencies: ['p1'] }
      ],
      async ctx => {
        if (ctx.turn === 0 && ctx.taskId) seen.add(ctx.taskId)
        if (ctx.taskId === 'p1') {
          // Refuse only once the other two are running, so the 401 has something to stop.
          await waitFor(() => seen.has('p2') && seen.has('p3'), 30_000, 'p2 and p3 to start')
          return { error: { status: 401, message: 'invalid x-api-key' } }
        }
        return { hang: true }
      }
    )
    const r = await f.run({ inputs: { parallel: '3', 'max-attempts': '3' } })
    expect(r.exitCode).toBe(1)
    expect(new Set(startOrder(f.api))).toEqual(new Set(['p1', 'p2', 'p3']))
    expect(statuses(r.state)).toEqual({ p1: 'pending', p2: 'pending', p3: 'pending', after: 'pending' })
    for (const t of r.state.tasks) {
      expect(t.attempts ?? 0, t.id).toBe(0)
      expect(t.startedAt, t.id).toBeUndefined()
    }
    expect(r.outputs['stop-reason']).toBe('credentials')
    expect(visibleLog(r.log)).toMatch(/^::error::.*refused the credentials \(HTTP 401\).*anthropic-api-key/m)
    expect(
      r.state.logs.some(l => l.level === 'error' && l.taskId === 'p1' && /anthropic-api-key/.test(l.message))
    ).toBe(true)
    expect((await f.repo.git(f.repo.work, 'worktree', 'list')).split('\n')).toHaveLength(1)
    expect(await f.repo.git(f.repo.work, 'branch', '--list', 'taskmesh/*')).toBe('')
    const worktrees = path.join(r.runnerTemp, 'taskmesh', 'worktrees')
    expect(existsSync(worktrees) ? readdirSync(worktrees) : []).toEqual([])
    expect(await f.repo.git(f.repo.work, 'status', '--porcelain')).toBe('')
    expect((await originState(f.repo)).tasks.every(t => (t.status ?? 'pending') === 'pending')).toBe(true)
    await sleep(200)
    expect(processesTagged(r.tag)).toEqual([])
  })
})

describe('run engine: secrets', () => {
  it('never shows the API key in the log, the summary, task.json, the transcripts or the commits', async () => {
    const key = `sk-ant-api03-${'Zx7_Qp2-Lm9K'.repeat(8)}Wq-AA`
    const f = await setup([{ id: 'leaky', title: 'Handle the key', description: 'Write note.txt' }], ctx => {
      if (ctx.turn === 0)
        return {
          text: `I will use ${key} now.`,
          tools: [
            { name: 'Write', input: { file_path: path.join(ctx.cwd!, 'note.txt'), content: `key=${key}\n` } },
            { name: 'Bash', input: { command: 'echo "env key: $ANTHROPIC_API_KEY"' } }
          ]
        }
      return { text: `Done. The key is ${key} and it works.` }
    })
    const r = await f.run({ inputs: { 'anthropic-api-key': key }, noEnvKey: true })
    // A file holding the key is never committed: the attempt fails and says which file.
    expect(r.exitCode, r.log).toBe(1)
    expect(byId(r.state, 'leaky').status).toBe('failed')
    expect(byId(r.state, 'leaky').error).toContain('note.txt contains a secret of this run')
    expect(await f.repo.git(f.repo.origin, 'ls-tree', '--name-only', 'main')).not.toContain('note.txt')
    // The Bash tool really saw the key (so its output went through the run).
    const bashResult = f.api.requests.flatMap(q => q.lastToolResults).map(t => t.content)
    expect(bashResult.some(c => c.includes(`env key: ${key}`))).toBe(true)

    const prefix = key.slice(0, 24)
    const places: [string, string][] = [
      ['log', visibleLog(r.log)],
      ['summary', r.summary],
      ['task.json', r.text],
      ['results output', r.outputs.results ?? ''],
      ['commit messages', await f.repo.git(f.repo.origin, 'log', '--format=%B', 'main')],
      ['remote task.json', await f.repo.git(f.repo.origin, 'show', 'main:task.json')]
    ]
    const transcripts = filesUnder(path.join(r.runnerTemp, 'taskmesh', 'transcripts'))
    expect(transcripts.length).toBeGreaterThan(0)
    for (const file of transcripts)
      places.push([`transcript ${path.basename(file)}`, readFileSync(file, 'utf8')])
    for (const [where, text] of places) {
      expect(text.includes(key), `the key in the ${where}`).toBe(false)
      expect(text.includes(prefix), `part of the key in the ${where}`).toBe(false)
    }
    // The redacted text is still there: the result and the transcript say where the key was.
    expect(byId(r.state, 'leaky').result).toBe('Done. The key is *** and it works.')
    const transcript = readFileSync(transcripts[0]!, 'utf8')
    for (const line of transcript.trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow()
    expect(transcript).toContain('The key is ***')
  })
})
