/**
 * Runs before each test file: every temp folder the file's tests make (runner folders, HOMEs, repositories,
 * local transcripts — os.tmpdir() follows TMPDIR) goes under one folder, removed after the file, whether
 * its tests passed or failed. The run's folder (global-setup.ts) is removed at the end, so not even a
 * worker killed mid-file leaves anything behind.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, onTestFinished } from 'vitest'

const root = mkdtempSync(path.join(process.env.TASKMESH_TEST_TMP ?? os.tmpdir(), 'file-'))
process.env.TMPDIR = root

afterAll(() => rmSync(root, { recursive: true, force: true }))

/** Removes `dir` when the current test ends (passed or failed); outside a test, with the file's folder. */
function removeAfterTest(dir: string): void {
  try {
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
  } catch {
    // Called from a hook (beforeAll…): the folder lives as long as the file's.
  }
}
// The helpers in test/support are also used by bench/, outside vitest: they find this through globalThis.
;(globalThis as { taskmeshRemoveAfterTest?: (dir: string) => void }).taskmeshRemoveAfterTest = removeAfterTest
