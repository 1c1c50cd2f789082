/**
 * `npm run demo`: runs examples/recipe-converter/task.json through the bundled action (dist/index.js),
 * the way a GitHub runner would, in a temp git repository with a local bare `origin`.
 *
 * With ANTHROPIC_API_KEY set it talks to the real Anthropic API. Without it, it starts the project's
 * offline stand-in for the Messages API, which answers like a model would (tool calls that write the
 * files each task asks for), so the whole flow — real Claude Code CLI, real git — runs on any machine.
 */
import { spawn } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { startMessagesApi, type Handler } from '../test/support/messages-api.js'
import { makeRepo } from '../test/support/repo.js'

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

async function main(): Promise<void> {
  const live = !!process.env.ANTHROPIC_API_KEY
  const api = live ? undefined : await startMessagesApi(offlineModel)
  console.log(
    live
      ? '▶ Using the real Anthropic API (ANTHROPIC_API_KEY is set).'
      : '▶ ANTHROPIC_API_KEY is not set: using the offline stand-in for the Messages API (scripted answers, real Claude Code CLI, real git).'
  )

  const repo = await makeRepo({
    files: { 'task.json': readFileSync(example, 'utf8'), 'README.md': '# Recipe converter\n' }
  })
  const runner = mkdtempSync(path.join(os.tmpdir(), 'taskmesh-demo-runner-'))
  const outputFile = path.join(runner, 'output')
  const summaryFile = path.join(runner, 'summary.md')
  writeFileSync(outputFile, '')
  writeFileSync(summaryFile, '')
  writeFileSync(path.join(runner, 'event.json'), '{}')
  console.log(`▶ Repository: ${repo.work} (origin: ${repo.origin})\n`)

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: repo.work,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_EVENT_PATH: path.join(runner, 'event.json'),
    GITHUB_EVENT_NAME: 'workflow_dispatch',
    GITHUB_REPOSITORY: 'demo/recipe-converter',
    GITHUB_RUN_ID: `${Date.now()}`,
    GITHUB_SERVER_URL: 'https://github.com',
    RUNNER_TEMP: path.join(runner, 'temp'),
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    'INPUT_CLAUDE-PATH': claude,
    'INPUT_GITHUB-TOKEN': '',
    'INPUT_MAX-TURNS': '30',
    'INPUT_TASK-TIMEOUT-MINUTES': '10',
    ...(live
      ? {}
      : {
          ANTHROPIC_BASE_URL: api!.url,
          ANTHROPIC_API_KEY: 'sk-ant-offline-demo',
          CLAUDE_CODE_MAX_RETRIES: '0',
          HOME: mkdtempSync(path.join(os.tmpdir(), 'taskmesh-demo-home-')),
          INPUT_MODEL: 'claude-sonnet-4-5'
        })
  }
  const code = await new Promise<number | null>(resolve => {
    const child = spawn(process.execPath, [path.join(root, 'dist', 'index.js')], {
      cwd: repo.work,
      env,
      stdio: 'inherit'
    })
    child.on('close', resolve)
  })
  await api?.close()

  const state = JSON.parse(readFileSync(path.join(repo.work, 'task.json'), 'utf8'))
  console.log(`\n▶ Result (action exit code ${code}):`)
  for (const t of state.tasks)
    console.log(
      `  ${t.status.padEnd(11)} ${t.id.padEnd(8)} ${String(t.title ?? '').padEnd(30)} ${(t.outputs ?? []).join(', ')}  $${(t.costUsd ?? 0).toFixed(4)}`
    )
  console.log('\n▶ Commits pushed to origin:')
  console.log(
    (await repo.git(repo.origin, 'log', '--format=%h %s', 'main'))
      .split('\n')
      .map(l => `  ${l}`)
      .join('\n')
  )
  const keep = path.join(os.tmpdir(), 'taskmesh-demo-summary.md')
  cpSync(summaryFile, keep)
  console.log(`\n▶ Job summary written to ${keep}; the repository is kept at ${repo.work}.`)
  process.exitCode = code ?? 1
}

await main()
