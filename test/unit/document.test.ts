import { readdirSync, readFileSync } from 'node:fs'
import { copyFile, mkdtemp, readdir, readFile, rm, stat, writeFile, chmod } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { Redactor, SecretGuard } from '../../src/report/redact.js'
import { detectFormatting, TaskDocument } from '../../src/taskfile/document.js'

const validDir = path.join(import.meta.dirname, '../fixtures/valid')
const valid = readdirSync(validDir).filter(f => f.endsWith('.json'))
const work = await mkdtemp(path.join(os.tmpdir(), 'taskmesh-document-'))
afterAll(() => rm(work, { recursive: true, force: true }))

function parse(text: string) {
  const result = TaskDocument.parse(text, 'task.json')
  if (!result.ok) throw new Error(result.problems.map(p => p.message).join('\n'))
  return result.document
}

describe('TaskDocument round trip', () => {
  it.each(valid)('%s: an untouched document serializes byte-identically and is not written', async file => {
    const abs = path.join(work, `untouched-${file}`)
    await copyFile(path.join(validDir, file), abs)
    const before = await readFile(abs)
    const result = await TaskDocument.read(abs, file)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.document.serialize()).toBe(before.toString('utf8'))
    expect(result.document.changed).toBe(false)
    const mtime = (await stat(abs)).mtimeMs
    expect(await result.document.write(abs)).toBe(false)
    expect((await readFile(abs)).equals(before)).toBe(true)
    expect((await stat(abs)).mtimeMs).toBe(mtime)
  })

  it.each(valid.filter(f => f !== 'hand-formatted.json'))(
    '%s: changing one task keeps indentation, line endings, final newline, key order and unknown fields',
    async file => {
      const original = readFileSync(path.join(validDir, file), 'utf8')
      const doc = parse(original)
      doc.data.tasks[1]!.status = 'completed'
      const out = doc.serialize()
      // Exactly one line differs: the status line, in the file's own formatting.
      const before = original.split('\n')
      const after = out.split('\n')
      expect(after).toHaveLength(before.length)
      const changed = after.map((line, i) => [line, before[i]]).filter(([a, b]) => a !== b)
      expect(changed).toHaveLength(1)
      expect(changed[0]![0]).toContain('"status": "completed"')
      expect(changed[0]![1]).toContain('"status": "in_progress"')
    }
  )

  it('keeps unknown fields and key order at every level', () => {
    const doc = parse(readFileSync(path.join(validDir, 'unknown-fields.json'), 'utf8'))
    doc.data.tasks[0]!.attempts = 1
    const reparsed = JSON.parse(doc.serialize())
    expect(Object.keys(reparsed)[0]).toBe('x-owner')
    expect(reparsed.zExtra).toEqual([1, { deep: true }])
    expect(reparsed.tasks[0].meta).toEqual({ labels: ['ui'], nested: { k: null } })
    expect(Object.keys(reparsed.tasks[1])).toEqual([
      'custom',
      'id',
      'description',
      'status',
      'dependencies',
      'reviewer'
    ])
    expect(reparsed.logs[0].runId).toBe(12345)
  })

  it('rewrites a hand-formatted file canonically only once something changed', () => {
    const text = readFileSync(path.join(validDir, 'hand-formatted.json'), 'utf8')
    const doc = parse(text)
    expect(doc.serialize()).toBe(text)
    doc.data.tasks[0]!.status = 'completed'
    expect(doc.serialize()).toBe(`${JSON.stringify(doc.data, null, 2)}\n`)
  })

  it('detects formatting', () => {
    expect(detectFormatting('{\n    "a": 1\n}\n')).toEqual({
      indent: '    ',
      eol: '\n',
      finalNewline: true,
      bom: false
    })
    expect(detectFormatting('{\r\n\t"a": 1\r\n}')).toEqual({
      indent: '\t',
      eol: '\r\n',
      finalNewline: false,
      bom: false
    })
    expect(detectFormatting('{}').indent).toBe('  ')
  })
})

describe('TaskDocument.write', () => {
  it('masks a secret of the run in any field before it is written, in the document too, and says so', async () => {
    const secret = 'sk-ant-api03-document-secret-0123'
    const dir = await mkdtemp(path.join(work, 'secret-'))
    const abs = path.join(dir, 'task.json')
    const doc = parse('{\n  "project": "p",\n  "tasks": [\n    { "id": "a", "description": "d" }\n  ]\n}\n')
    const found: string[] = []
    const outbound = new SecretGuard(new Redactor([secret]), m => found.push(m))
    const t = doc.task('a')!
    t.result = `done with ${secret}`
    t.outputs = [`notes-${secret}.txt`]
    doc.appendLog({ timestamp: 't', message: `key ${Buffer.from(secret).toString('base64')}` })
    expect(await doc.write(abs, { outbound })).toBe(true)
    const written = await readFile(abs, 'utf8')
    expect(written).not.toContain(secret)
    expect(JSON.parse(written).tasks[0]).toMatchObject({
      result: 'done with ***',
      outputs: ['notes-***.txt']
    })
    expect(JSON.parse(written).logs[0].message).toBe('key ***')
    expect(doc.task('a')!.result).toBe('done with ***')
    expect(doc.originalText).toBe(written)
    expect(found).toEqual([
      'A secret of this run (an API key or token) was found in task.json and replaced with *** before it left the runner.'
    ])
    // A secret in a field name cannot be masked: nothing is written.
    ;(doc.data as unknown as Record<string, unknown>)[secret] = 1
    await expect(doc.write(abs, { outbound })).rejects.toThrow('a field name holds a secret of this run')
    expect(await readFile(abs, 'utf8')).toBe(written)
  })

  it('writes atomically, keeps the mode, leaves no temp file, and only writes when changed', async () => {
    const dir = await mkdtemp(path.join(work, 'write-'))
    const abs = path.join(dir, 'task.json')
    await writeFile(
      abs,
      '{\n    "project": "p",\n    "tasks": [\n        { "id": "a", "description": "d" }\n    ]\n}\n'
    )
    await chmod(abs, 0o600)
    const result = await TaskDocument.read(abs, 'task.json')
    if (!result.ok) throw new Error('invalid')
    const doc = result.document
    doc.task('a')!.status = 'in_progress'
    expect(await doc.write(abs)).toBe(true)
    const written = await readFile(abs, 'utf8')
    expect(written).toBe(`${JSON.stringify(doc.data, null, 4)}\n`)
    expect((await stat(abs)).mode & 0o777).toBe(0o600)
    expect(await readdir(dir)).toEqual(['task.json'])
    // Nothing changed since the last write.
    expect(await doc.write(abs)).toBe(false)
    expect(doc.originalText).toBe(written)
  })

  it('reports a missing file with the display path and the absolute path', async () => {
    const abs = path.join(work, 'nope', 'task.json')
    const result = await TaskDocument.read(abs, 'nope/task.json')
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.problems).toHaveLength(1)
    expect(result.problems[0]!.code).toBe('file-missing')
    expect(result.problems[0]!.message).toContain('looked for nope/task.json')
    expect(result.problems[0]!.message).toContain(abs)
  })

  it('reports a directory instead of a file', async () => {
    const result = await TaskDocument.read(work, 'work')
    expect(result.ok || result.problems[0]!.code).toBe('file-unreadable')
  })
})

describe('TaskDocument helpers', () => {
  const text = readFileSync(path.join(validDir, 'two-spaces.json'), 'utf8')

  it('task(id) finds tasks, also after tasks are added', () => {
    const doc = parse(text)
    expect(doc.task('logic')?.description).toContain('conversion')
    expect(doc.task('new')).toBeUndefined()
    doc.data.tasks.unshift({ id: 'new', description: 'added' })
    expect(doc.task('new')?.description).toBe('added')
    expect(doc.task('logic')?.id).toBe('logic')
  })

  it('task(id) finds tasks after they move or go, though validation indexed them where they were', () => {
    const doc = parse(text)
    const removed = doc.data.tasks.at(-1)!.id
    doc.data.tasks.reverse()
    for (const id of ['html', 'logic', 'style']) expect(doc.task(id)?.id).toBe(id)
    doc.data.tasks.shift()
    expect(doc.task(removed)).toBeUndefined()
  })

  it('taskLine(id) gives the line of the task object in the file on disk', async () => {
    const doc = parse(text)
    const lines = text.split('\n')
    for (const id of ['html', 'logic', 'style']) {
      const line = doc.taskLine(id)!
      expect(lines[line - 1]!.trim()).toBe('{')
      expect(lines[line]!).toContain(`"id": "${id}"`)
    }
    expect(doc.taskLine('ghost')).toBeUndefined()
    // After a write that moves tasks, lines follow the new text.
    const abs = path.join(work, 'lines.json')
    await writeFile(abs, text)
    doc.data.tasks.reverse()
    await doc.write(abs)
    const newLines = (await readFile(abs, 'utf8')).split('\n')
    expect(newLines[doc.taskLine('style')!]).toContain('"id": "style"')
  })

  it('appendLog adds a timestamped entry, creating logs when missing', () => {
    const doc = parse('{"project": "p", "tasks": []}')
    const entry = doc.appendLog({ message: 'hello', taskId: 'a', extra: 1 })
    expect(Object.keys(entry)).toEqual(['timestamp', 'message', 'taskId', 'extra'])
    expect(new Date(entry.timestamp).toString()).not.toBe('Invalid Date')
    expect(doc.data.logs).toEqual([entry])
    doc.appendLog({ message: 'second', timestamp: '2025-01-01T00:00:00Z' })
    expect(doc.data.logs?.[1]).toEqual({ timestamp: '2025-01-01T00:00:00Z', message: 'second' })
  })
})

describe('a large file', () => {
  it('parses and round-trips 100,000 tasks', () => {
    const tasks = Array.from({ length: 100_000 }, (_, i) => ({
      id: `t${i}`,
      description: `task ${i}`,
      dependencies: i ? [`t${i - 1}`] : []
    }))
    const text = `${JSON.stringify({ project: 'p', tasks }, null, 2)}\n`
    const doc = parse(text)
    expect(doc.serialize()).toBe(text)
    const lines = text.split('\n')
    expect(lines[doc.taskLine('t99999')!]).toBe('      "id": "t99999",')
  })
})
