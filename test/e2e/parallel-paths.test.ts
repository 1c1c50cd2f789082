import { mkdtempSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runAction } from '../support/action.js'
import { CLAUDE_BIN, DUMMY_API_KEY, TEST_MODEL } from '../support/claude-env.js'
import { startMessagesApi, type MessagesApi } from '../support/messages-api.js'
import { makeRepo, type TestRepo } from '../support/repo.js'

let api: MessagesApi | undefined
let repo: TestRepo | undefined
afterEach(async () => {
  await api?.close()
  repo?.cleanup()
})

describe('parallel: file names that look like pathspecs', () => {
  it('brings `[id].tsx` (a glob to git) and `:(top)x` onto the branch as the files they name', async () => {
    const files: Record<string, Record<string, string>> = {
      pages: { 'pages/[id].tsx': 'export default 1\n', 'pages/*.md': 'star\n' },
      magic: { ':(top)magic.txt': 'magic\n', 'i.tsx': 'i\n' }
    }
    repo = await makeRepo({
      files: {
        'task.json':
          JSON.stringify(
            {
              project: 'paths',
              tasks: Object.keys(files).map(id => ({ id, description: `Write the ${id} files` }))
            },
            null,
            2
          ) + '\n'
      }
    })
    api = await startMessagesApi(async ctx => {
      if (ctx.turn === 0) {
        await new Promise(r => setTimeout(r, 300))
        return {
          tools: Object.entries(files[ctx.taskId!]).map(([f, content]) => ({
            name: 'Write',
            input: { file_path: path.join(ctx.cwd!, f), content }
          }))
        }
      }
      return { text: `done ${ctx.taskId}` }
    })
    const r = await runAction({
      workspace: repo.work,
      inputs: { 'claude-path': CLAUDE_BIN, model: TEST_MODEL, 'github-token': '', parallel: '2' },
      env: {
        ANTHROPIC_BASE_URL: api.url,
        ANTHROPIC_API_KEY: DUMMY_API_KEY,
        CLAUDE_CODE_MAX_RETRIES: '0',
        HOME: mkdtempSync(path.join(os.tmpdir(), 'taskmesh-home-'))
      }
    })
    expect(r.exitCode, r.log).toBe(0)
    const state = JSON.parse(readFileSync(path.join(repo.work, 'task.json'), 'utf8'))
    for (const t of state.tasks) {
      expect(t.status).toBe('completed')
      expect([...t.outputs].sort()).toEqual(Object.keys(files[t.id]).sort())
    }
    const tree = (await repo.git(repo.origin, 'ls-tree', '-r', '--name-only', 'main')).split('\n')
    const all: Record<string, string> = Object.assign({}, ...Object.values(files))
    for (const [f, content] of Object.entries(all)) {
      expect(tree).toContain(f)
      expect(await repo.git(repo.origin, 'show', `main:${f}`)).toBe(content.trimEnd())
    }
    expect(await repo.git(repo.work, 'status', '--porcelain')).toBe('')
  })
})
