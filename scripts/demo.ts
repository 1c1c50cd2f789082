/**
 * `npm run demo`: runs examples/recipe-converter/task.json through the bundled action (dist/index.js),
 * the way a GitHub runner would, in a temp git repository with a local bare `origin`.
 *
 * By default it starts the project's offline stand-in for the Messages API, which answers like a model
 * would (tool calls that write the files each task asks for), so the whole flow — real Claude Code CLI,
 * real git — runs on any machine, for free. `npm run demo -- --live` talks to the real, paid Anthropic
 * API with ANTHROPIC_API_KEY; a key that happens to be set in the shell is never used without it.
 *
 * The action's log is shown the way a runner shows it (scripts/runner-console.ts): no workflow commands,
 * no secrets. The runner's temp folders are removed at the end; the repository and the job summary are
 * kept, and their paths printed, so they can be looked at.
 */
import { spawn } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { formatDuration, formatUsd } from '../src/report/markdown.js'
import { filesCell, textTable } from '../src/report/terminal.js'
import { startMessagesApi, type Handler } from '../test/support/messages-api.js'
import { makeRepo } from '../test/support/repo.js'
import { RunnerConsole } from './runner-console.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const example = path.join(root, 'examples', 'recipe-converter', 'task.json')
const claude = path.join(root, 'node_modules', '.bin', 'claude')

/** What the offline stand-in writes for a file a task names. */
const FILES: Record<string, string> = {
  'index.html': `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Recipe converter</title>
    <link rel="stylesheet" href="style.css" />
  </head>
  <body>
    <main>
      <h1>Recipe converter</h1>
      <form id="form">
        <textarea id="recipe" rows="10" placeholder="250 g flour&#10;2 cup milk"></textarea>
        <select id="system">
          <option value="metric">Metric</option>
          <option value="imperial">Imperial</option>
        </select>
        <button type="submit">Convert</button>
      </form>
      <pre id="output"></pre>
    </main>
    <script src="convert.js"></script>
  </body>
</html>
`,
  'convert.js': `// Converts quantities line by line between metric and imperial units.
const TO_METRIC = { oz: ['g', 28.35], lb: ['kg', 0.4536], cup: ['ml', 236.6], tbsp: ['ml', 14.79], tsp: ['ml', 4.93] }
const TO_IMPERIAL = { g: ['oz', 1 / 28.35], kg: ['lb', 1 / 0.4536], ml: ['cup', 1 / 236.6], l: ['cup', 1000 / 236.6] }

function convertLine(line, system) {
  return line.replace(/(\\d+(?:\\.\\d+)?)\\s*(g|kg|ml|l|oz|lb|cup|tbsp|tsp)\\b/g, (all, qty, unit) => {
    const table = system === 'metric' ? TO_METRIC : TO_IMPERIAL
    if (!table[unit]) return all
    const [to, factor] = table[unit]
    return \`\${Math.round(Number(qty) * factor * 100) / 100} \${to}\`
  })
}

document.getElementById('form').addEventListener('submit', event => {
  event.preventDefault()
  const system = document.getElementById('system').value
  const lines = document.getElementById('recipe').value.split('\\n')
  document.getElementById('output').textContent = lines.map(l => convertLine(l, system)).join('\\n')
})
`,
  'style.css': `body { font-family: system-ui, sans-serif; margin: 0; background: #fafafa; }
main { max-width: 40rem; margin: 2rem auto; padding: 0 1rem; }
form { display: grid; gap: 0.75rem; }
textarea, select, button { font: inherit; padding: 0.5rem; }
pre { background: #fff; border: 1px solid #ddd; padding: 1rem; white-space: pre-wrap; }
`
}

/** The offline stand-in: reads which file the task asks for, writes it, then says what it did. */
const offlineModel: Handler = ctx => {
  const prompt = ctx.firstUserText
  // Only the task's own section: the dependencies' section names their files too.
  const from = prompt.indexOf('## Your task')
  const to = prompt.indexOf('\n## ', from + 1)
  const task = prompt.slice(from, to > from ? to : undefined)
  const file = Object.keys(FILES).find(f => task.includes(f)) ?? 'NOTES.md'
  if (ctx.turn === 0)
    return {
      text: `I'll create ${file}.`,
      tools: [
        {
          name: 'Write',
          input: { file_path: path.join(ctx.cwd ?? '.', file), content: FILES[file] ?? `# ${ctx.taskId}\n` }
        }
      ]
    }
  return { text: `Created ${file} for task ${ctx.taskId}.` }
}

/** Credentials and API switches of the shell that must not reach an offline run. */
const CREDENTIAL_VARS = [
  'ANTHROPIC_API_KEY',
  'ANTHROPIC_AUTH_TOKEN',
  'CLAUDE_CODE_OAUTH_TOKEN',
  'ANTHROPIC_BASE_URL',
  'CLAUDE_CODE_USE_BEDROCK',
  'CLAUDE_CODE_USE_VERTEX'
]

interface StateTask {
  id: string
  status?: string
  attempts?: number
  durationMs?: number
  costUsd?: number
  outputs?: string[]
}

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  const unknown = args.filter(a => a !== '--live')
  if (unknown.length) {
    console.error(`unknown argument ${unknown[0]}; usage: npm run demo [-- --live]`)
    process.exitCode = 2
    return
  }
  const live = args.includes('--live')
  if (live && !process.env.ANTHROPIC_API_KEY) {
    console.error('▶ --live uses the real Anthropic API and needs ANTHROPIC_API_KEY in the environment.')
    process.exitCode = 2
    return
  }
  console.log(
    live
      ? '▶ Live demo: the real Anthropic API, paid with your ANTHROPIC_API_KEY (a run of the three tasks costs cents).'
      : '▶ Offline demo: a local stand-in answers for the Messages API (scripted answers, real Claude Code CLI, real git); no key is used, nothing is paid. `npm run demo -- --live` uses the real API.'
  )
  const api = live ? undefined : await startMessagesApi(offlineModel)

  // The example points at the schema in this repository; the temp repository gets its own copy.
  const taskJson = readFileSync(example, 'utf8').replace(
    /"\$schema":\s*"[^"]*"/,
    '"$schema": "./task.schema.json"'
  )
  const repo = await makeRepo({
    files: {
      'task.json': taskJson,
      'task.schema.json': readFileSync(path.join(root, 'task.schema.json'), 'utf8'),
      'README.md': '# Recipe converter\n'
    }
  })
  const runner = mkdtempSync(path.join(os.tmpdir(), 'taskmesh-demo-runner-'))
  const home = mkdtempSync(path.join(os.tmpdir(), 'taskmesh-demo-home-'))
  const cleanup = () => {
    rmSync(runner, { recursive: true, force: true })
    rmSync(home, { recursive: true, force: true })
  }
  process.once('SIGINT', () => {
    cleanup()
    process.exit(130)
  })
  try {
    const outputFile = path.join(runner, 'output')
    const summaryFile = path.join(runner, 'summary.md')
    writeFileSync(outputFile, '')
    writeFileSync(summaryFile, '')
    writeFileSync(path.join(runner, 'event.json'), '{}')
    console.log(`▶ Repository: ${repo.work} (origin: ${repo.origin})`)

    const base: NodeJS.ProcessEnv = { ...process.env }
    if (!live) for (const name of CREDENTIAL_VARS) delete base[name]
    const env: NodeJS.ProcessEnv = {
      ...base,
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: repo.work,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      GITHUB_EVENT_PATH: path.join(runner, 'event.json'),
      GITHUB_EVENT_NAME: 'workflow_dispatch',
      // No GITHUB_REPOSITORY: the repository exists only here, so the summary links to no commit page.
      GITHUB_RUN_ID: `${Date.now()}`,
      RUNNER_TEMP: path.join(runner, 'temp'),
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_CONFIG_NOSYSTEM: '1',
      HOME: home,
      // The CLI's own retries of a failing API otherwise take minutes.
      CLAUDE_CODE_MAX_RETRIES: process.env.CLAUDE_CODE_MAX_RETRIES ?? (live ? '2' : '0'),
      'INPUT_CLAUDE-PATH': claude,
      'INPUT_GITHUB-TOKEN': '',
      'INPUT_MAX-TURNS': '30',
      'INPUT_TASK-TIMEOUT-MINUTES': '10',
      ...(live
        ? {}
        : {
            ANTHROPIC_BASE_URL: api!.url,
            ANTHROPIC_API_KEY: 'sk-ant-offline-demo',
            INPUT_MODEL: 'claude-sonnet-4-5'
          })
    }
    const shown = new RunnerConsole()
    const code = await new Promise<number | null>(resolve => {
      const child = spawn(process.execPath, [path.join(root, 'dist', 'index.js')], {
        cwd: repo.work,
        env,
        stdio: ['ignore', 'pipe', 'pipe']
      })
      createInterface({ input: child.stdout }).on('line', l => shown.line(l).forEach(x => console.log(x)))
      createInterface({ input: child.stderr }).on('line', l => console.error(shown.mask(l)))
      child.on('close', resolve)
    })
    await api?.close()

    const state = JSON.parse(readFileSync(path.join(repo.work, 'task.json'), 'utf8')) as {
      tasks: StateTask[]
    }
    console.log(`\n▶ Result (action exit code ${code}):`)
    const rows = [['task', 'status', 'attempts', 'time', 'cost', 'files']]
    for (const t of state.tasks)
      rows.push([
        t.id,
        t.status ?? 'pending',
        String(t.attempts ?? 0),
        formatDuration(t.durationMs ?? 0),
        formatUsd(t.costUsd ?? 0),
        filesCell(t.outputs ?? [])
      ])
    console.log(textTable(rows, new Set([2, 3, 4])))
    console.log('\n▶ Commits pushed to origin:')
    console.log(
      (await repo.git(repo.origin, 'log', '--format=%h %s', 'main'))
        .split('\n')
        .map(l => `  ${l}`)
        .join('\n')
    )
    const keep = path.join(os.tmpdir(), 'taskmesh-demo-summary.md')
    cpSync(summaryFile, keep)
    console.log(
      `\n▶ Kept for you: the repository at ${repo.work} (origin ${repo.origin}) and the job summary at ${keep}.` +
        `\n  The runner's temp folders are removed; delete ${repo.root} when you are done.`
    )
    process.exitCode = code ?? 1
  } finally {
    cleanup()
  }
}

await main()
