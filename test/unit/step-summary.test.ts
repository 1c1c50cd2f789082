import * as core from '@actions/core'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { appendStepSummary } from '../../src/action/step-summary.js'

const dir = mkdtempSync(path.join(os.tmpdir(), 'taskmesh-summary-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

type CoreSummary = typeof core.summary
/** A fresh @actions/core Summary (the exported one keeps the first file it wrote to). */
const coreSummary = () => new (core.summary.constructor as new () => CoreSummary)()

/** Runs core's `addRaw(text, true).write()` with GITHUB_STEP_SUMMARY set to `file`: what it wrote, or threw. */
async function coreAppends(file: string | undefined, markdown: string): Promise<string> {
  const saved = process.env.GITHUB_STEP_SUMMARY
  if (file === undefined) delete process.env.GITHUB_STEP_SUMMARY
  else process.env.GITHUB_STEP_SUMMARY = file
  try {
    await coreSummary().addRaw(markdown, true).write()
    return readFileSync(file!, 'utf8')
  } catch (error) {
    return `threw: ${(error as Error).message}`
  } finally {
    if (saved === undefined) delete process.env.GITHUB_STEP_SUMMARY
    else process.env.GITHUB_STEP_SUMMARY = saved
  }
}

function oursAppends(file: string | undefined, markdown: string): string {
  try {
    appendStepSummary(markdown, file === undefined ? {} : { GITHUB_STEP_SUMMARY: file })
    return readFileSync(file!, 'utf8')
  } catch (error) {
    return `threw: ${(error as Error).message}`
  }
}

describe('the job summary (appended as @actions/core appends it)', () => {
  it('appends the same bytes as core, after what an earlier step wrote', async () => {
    const texts = [
      '## Plan\n\n| a | b |\n|---|---|\n',
      '',
      'ünïcødé ✓ <code>a</code>',
      'no newline at the end'
    ]
    for (const [i, text] of texts.entries()) {
      const mine = path.join(dir, `ours-${i}.md`)
      const theirs = path.join(dir, `core-${i}.md`)
      writeFileSync(mine, 'earlier step\n')
      writeFileSync(theirs, 'earlier step\n')
      const expected = await coreAppends(theirs, text)
      expect(expected.startsWith('earlier step\n')).toBe(true)
      expect(oursAppends(mine, text)).toBe(expected)
      // A second append follows the first, as a later call of core's would.
      expect(oursAppends(mine, text)).toBe(await coreAppends(theirs, text))
    }
  })

  it('fails with core messages when there is no summary file, or it cannot be written', async () => {
    const missing = path.join(dir, 'no', 'such', 'folder', 'summary.md')
    for (const file of [undefined, missing]) {
      const expected = await coreAppends(file, 'text')
      expect(expected).toMatch(/^threw: Unable to /)
      expect(oursAppends(file, 'text')).toBe(expected)
    }
  })
})
