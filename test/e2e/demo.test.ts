/**
 * `npm run demo` as a newcomer runs it, with an API key set in the shell: offline anyway, no workflow
 * command and no secret in the output, an aligned table, and no temp folders left but the ones it names.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ROOT } from '../support/action.js'

let tmp: string | undefined
afterEach(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true })
  tmp = undefined
})

describe('npm run demo', () => {
  it('runs offline without being asked, shows a runner view of the log, and cleans its runner folders', async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'taskmesh-demo-test-'))
    const key = 'sk-ant-api03-shell-key-that-must-not-be-used'
    const r = await new Promise<{ code: number | null; out: string }>((resolve, reject) => {
      let out = ''
      const child = spawn(process.execPath, ['scripts/run-ts.mjs', 'scripts/demo.ts'], {
        cwd: ROOT,
        env: { PATH: process.env.PATH, HOME: tmp, TMPDIR: tmp, LANG: 'C.UTF-8', ANTHROPIC_API_KEY: key },
        stdio: ['ignore', 'pipe', 'pipe']
      })
      child.stdout.on('data', (b: Buffer) => (out += b.toString()))
      child.stderr.on('data', (b: Buffer) => (out += b.toString()))
      child.on('error', reject)
      child.on('close', code => resolve({ code, out }))
    })
    expect(r.code, r.out).toBe(0)
    const lines = r.out.split('\n')
    expect(lines[0]).toMatch(/^▶ Offline demo: .*nothing is paid.*npm run demo -- --live/)
    expect(r.out).not.toMatch(/^\s*::/m)
    expect(r.out).not.toContain(key)
    expect(r.out).not.toContain('sk-ant-offline-demo')
    expect(r.out).not.toContain('github.com/')
    // Each step once per task.
    expect(r.out.match(/▶ task-1 · /g)).toHaveLength(1)
    expect(r.out).not.toContain('attempt 1/3 started')
    expect(r.out.match(/task-1 committed/g)).toHaveLength(1)

    const table = lines.slice(lines.findIndex(l => l.startsWith('▶ Result')) + 1).slice(0, 4)
    expect(table[0]).toMatch(/^ {2}task +status +attempts +time +cost +files$/)
    for (const row of table.slice(1)) {
      expect(row.indexOf('completed')).toBe(table[0]!.indexOf('status'))
      expect(row.indexOf('$')).toBe(table[1]!.indexOf('$'))
    }

    // Left behind: only the repository and the summary it names.
    const left = readdirSync(tmp).sort()
    expect(
      left.filter(n => n.startsWith('taskmesh-demo-runner-') || n.startsWith('taskmesh-demo-home-'))
    ).toEqual([])
    const repoRoot = /delete (\S+) when you are done/.exec(r.out)?.[1]
    expect(repoRoot && path.dirname(repoRoot)).toBe(tmp)
    const work = path.join(repoRoot!, 'work')
    const state = JSON.parse(readFileSync(path.join(work, 'task.json'), 'utf8'))
    expect(state.$schema).toBe('./task.schema.json')
    expect(readdirSync(work)).toContain('task.schema.json')
  })
})
