/**
 * Temporary git repositories for tests: a bare `origin.git` and a clone `work` with one commit on `main`.
 * The identity comes from the environment of each command (never from a global config), and the user's
 * own git config is ignored so tests behave the same on every machine.
 */
import { execFile, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'

export const TEST_ENV: Record<string, string> = {
  GIT_AUTHOR_NAME: 'Test Person',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test Person',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_TERMINAL_PROMPT: '0'
}

/**
 * Keeps the user's global git config out of the code under test too (it spawns git with process.env).
 * Call once per test file.
 */
export function isolateGitConfig(): void {
  process.env.GIT_CONFIG_GLOBAL = '/dev/null'
  process.env.GIT_CONFIG_NOSYSTEM = '1'
}

export type GitFn = (cwd: string, ...args: string[]) => Promise<string>

/** Runs git with the test identity; rejects with stderr on failure; resolves with trimmed stdout. */
export const git: GitFn = (cwd, ...args) =>
  new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      { cwd, env: { ...process.env, ...TEST_ENV }, maxBuffer: 64 << 20 },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`git ${args.join(' ')} failed in ${cwd}: ${stderr || err.message}`))
        else resolve(stdout.trim())
      }
    )
  })

export interface TestRepo {
  root: string
  origin: string
  work: string
  git: GitFn
  /** Another clone of origin (another runner or a person), checked out on `branch` (default main). */
  cloneAgain(name?: string, o?: { depth?: number; branch?: string }): Promise<string>
  write(dir: string, file: string, content: string): void
  read(dir: string, file: string): string
  /** Writes, commits and pushes files from a clone. */
  commitAndPush(dir: string, files: Record<string, string>, message: string): Promise<string>
  cleanup(): void
}

export interface MakeRepoOptions {
  /** Files of the initial commit; default a README. */
  files?: Record<string, string>
  /** Clone `work` with this depth (shallow, like actions/checkout's default fetch-depth 1). */
  depth?: number
}

export async function makeRepo(opts: MakeRepoOptions = {}): Promise<TestRepo> {
  const root = mkdtempSync(path.join(tmpdir(), 'taskmesh-git-'))
  const template = templateFor(opts)
  if (template && existsSync(template)) {
    await copyInto(template, root)
    return testRepo(root)
  }
  const origin = path.join(root, 'origin.git')
  const seed = path.join(root, 'seed')
  await git(root, 'init', '-q', '--bare', '-b', 'main', origin)
  await git(root, 'init', '-q', '-b', 'main', seed)
  const files = opts.files ?? { 'README.md': '# test\n' }
  for (const [f, c] of Object.entries(files)) writeTo(seed, f, c)
  await git(seed, 'add', '-A')
  await git(seed, 'commit', '-q', '-m', 'initial')
  await git(seed, 'remote', 'add', 'origin', origin)
  await git(seed, 'push', '-q', 'origin', 'main')
  rmSync(seed, { recursive: true, force: true })
  const repo = testRepo(root)
  await repo.cloneAgain('work', { depth: opts.depth })
  if (template) keepAsTemplate(root, template)
  return repo
}

/**
 * A copy of `repo` as it is now (its origin and every clone in it), in a new folder: for tests that start
 * from the same expensive state (say, after an action run), made once per file. Clones point at the copy's
 * origin.
 */
export async function copyRepo(repo: TestRepo): Promise<TestRepo> {
  const root = mkdtempSync(path.join(tmpdir(), 'taskmesh-git-'))
  await copyInto(repo.root, root)
  return testRepo(root)
}

/**
 * Where the repository `makeRepo(opts)` builds is kept for the next test (of any file in this run) that
 * asks for the same files: under the run's temp folder (test/support/global-setup.ts), by a hash of the
 * options. Outside vitest (bench/, the demo) nothing is kept.
 */
function templateFor(opts: MakeRepoOptions): string | undefined {
  const runDir = process.env.TASKMESH_TEST_TMP
  if (!runDir) return undefined
  const key = createHash('sha256')
    .update(JSON.stringify([opts.files ?? null, opts.depth ?? null]))
    .digest('hex')
  return path.join(runDir, 'repo-templates', key.slice(0, 32))
}

function keepAsTemplate(root: string, template: string): void {
  // Copied to a private folder first and renamed: two workers building the same one at once both succeed.
  mkdirSync(path.dirname(template), { recursive: true })
  const building = mkdtempSync(`${template}.building-`)
  cpSync(root, building, { recursive: true })
  try {
    renameSync(building, template)
  } catch {
    rmSync(building, { recursive: true, force: true })
  }
}

/**
 * Copies a repository folder (origin.git and clones) to `to`, and makes the clones' remotes (a path
 * ending in /origin.git, as cloneAgain sets them) point at the new origin. The copied index has stale stat data (other inodes and times): refreshed, so git plumbing
 * that does not refresh it (diff-index, diff-files) sees a clean tree as clean.
 */
async function copyInto(from: string, to: string): Promise<void> {
  cpSync(from, to, { recursive: true })
  for (const entry of readdirSync(to)) {
    const config = path.join(to, entry, '.git', 'config')
    if (!existsSync(config)) continue
    const text = readFileSync(config, 'utf8')
    writeFileSync(
      config,
      text.replace(/^(\s*url = ).*\/origin\.git$/gm, (_, key: string) => `${key}${to}/origin.git`)
    )
    await git(path.join(to, entry), 'update-index', '-q', '--refresh').catch(() => '')
  }
}

function writeTo(dir: string, file: string, content: string): void {
  const p = path.join(dir, file)
  mkdirSync(path.dirname(p), { recursive: true })
  writeFileSync(p, content)
}

function testRepo(root: string): TestRepo {
  const origin = path.join(root, 'origin.git')
  async function cloneAgain(
    name = `clone-${Math.random().toString(36).slice(2, 8)}`,
    o: { depth?: number; branch?: string } = {}
  ) {
    const dir = path.join(root, name)
    // file:// so that --depth is honoured for a local path.
    const args = ['clone', '-q', '-b', o.branch ?? 'main']
    if (o.depth) args.push('--depth', String(o.depth))
    await git(root, ...args, `file://${origin}`, dir)
    // Keep the remote URL a plain path like the original clone, so ls-remote and pushes match.
    await git(dir, 'remote', 'set-url', 'origin', origin)
    return dir
  }
  return {
    root,
    origin,
    work: path.join(root, 'work'),
    git,
    cloneAgain,
    write: writeTo,
    read: (dir, file) => readFileSync(path.join(dir, file), 'utf8'),
    async commitAndPush(dir, files, message) {
      for (const [f, c] of Object.entries(files)) writeTo(dir, f, c)
      await git(dir, 'add', '-A')
      await git(dir, 'commit', '-q', '-m', message)
      await git(dir, 'push', '-q', 'origin', 'HEAD')
      return git(dir, 'rev-parse', 'HEAD')
    },
    cleanup: () => rmSync(root, { recursive: true, force: true })
  }
}

export interface GitHttpServer {
  /** e.g. http://127.0.0.1:1234 */
  url: string
  /** Authorization headers received, in order. */
  authHeaders: string[]
  close(): Promise<void>
}

/**
 * Serves bare repositories under `projectRoot` over smart HTTP (git http-backend as CGI) and requires
 * `Authorization: basic base64(x-access-token:<token>)`, so the per-command auth header is tested for real.
 */
export async function serveGitOverHttp(projectRoot: string, token: string): Promise<GitHttpServer> {
  const expected = `basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`
  const authHeaders: string[] = []
  const server = http.createServer((req, res) => {
    const auth = req.headers.authorization ?? ''
    authHeaders.push(auth)
    if (auth.toLowerCase() !== expected.toLowerCase()) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="test"' })
      res.end('unauthorized')
      return
    }
    const url = new URL(req.url ?? '/', 'http://x')
    const child = spawn('git', ['http-backend'], {
      env: {
        ...process.env,
        ...TEST_ENV,
        GIT_PROJECT_ROOT: projectRoot,
        GIT_HTTP_EXPORT_ALL: '1',
        REMOTE_USER: 'x-access-token',
        REMOTE_ADDR: '127.0.0.1',
        REQUEST_METHOD: req.method ?? 'GET',
        PATH_INFO: decodeURIComponent(url.pathname),
        QUERY_STRING: url.search.slice(1),
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        HTTP_CONTENT_ENCODING: String(req.headers['content-encoding'] ?? ''),
        HTTP_GIT_PROTOCOL: String(req.headers['git-protocol'] ?? '')
      }
    })
    req.pipe(child.stdin)
    const chunks: Buffer[] = []
    child.stdout.on('data', (b: Buffer) => chunks.push(b))
    child.on('close', () => {
      const out = Buffer.concat(chunks)
      const sep = out.indexOf('\r\n\r\n')
      const head = out.subarray(0, sep).toString('utf8')
      let status = 200
      const headers: Record<string, string> = {}
      for (const line of head.split('\r\n')) {
        const i = line.indexOf(':')
        const k = line.slice(0, i).trim()
        const v = line.slice(i + 1).trim()
        if (k.toLowerCase() === 'status') status = parseInt(v, 10)
        else if (k) headers[k] = v
      }
      res.writeHead(status, headers)
      res.end(out.subarray(sep + 4))
    })
  })
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    authHeaders,
    close: () => new Promise(r => server.close(() => r()))
  }
}
