// The checks of Claude's answer in mode: decompose (checkProposal) and what the next try is told about them
// (buildDecomposePrompt), in-process. The try-again loop itself runs end to end in test/e2e/decompose.test.ts.
import { describe, expect, it } from 'vitest'
import { buildDecomposePrompt } from '../../src/modes/decompose/prompt.js'
import { checkProposal } from '../../src/modes/decompose/proposal.js'
import type { TaskFile } from '../../src/taskfile/schema.js'

const base: TaskFile = {
  project: 'demo',
  description: 'A demo project.',
  tasks: [
    {
      id: 'setup',
      title: 'Set up the repository',
      description: 'Create the skeleton.',
      status: 'completed'
    },
    { id: 'api', description: 'Write the API.', dependencies: ['setup'] }
  ]
}

const task = (id: string, dependencies: string[] = []) => ({
  id,
  title: `Title of ${id}`,
  description: `Do ${id}.`,
  dependencies
})

describe('a proposed id that an existing task has', () => {
  const answer = { tasks: [task('setup'), task('deploy', ['setup'])] }

  it('is refused with a note that names the existing task and says what to do instead', () => {
    const check = checkProposal(answer, base, 'task.json')
    expect(check.ok).toBe(false)
    const problems = (check as { problems: string[] }).problems
    expect(problems).toContain(
      'tasks[0].id: "setup" is already the id of an existing task ("Set up the repository", completed). ' +
        'Existing tasks are never changed: give the new task another id; to build on the existing one, list "setup" in dependencies.'
    )
    // No duplicate-id noise with line numbers of a file Claude never saw.
    expect(problems.join('\n')).not.toContain('duplicate task id')
    expect(problems.join('\n')).not.toMatch(/line \d/)
  })

  it('goes into the next try with the previous answer, and the renamed plan is accepted', () => {
    const check = checkProposal(answer, base, 'task.json') as { ok: false; problems: string[] }
    const second = buildDecomposePrompt({
      project: base.project,
      description: base.description,
      request: 'Add CI and deploy.',
      existing: base.tasks,
      taskFileName: 'task.json',
      try: 2,
      maxTries: 3,
      previous: { answer, problems: check.problems }
    })
    expect(second).toContain('not accepted (this is try 2 of 3)')
    expect(second).toContain(`- ${check.problems[0]}`)
    expect(second).toContain('"id": "deploy"')
    expect(second).not.toContain('duplicate task id')

    const renamed = checkProposal(
      { tasks: [task('setup-ci', ['setup']), task('deploy', ['setup-ci'])] },
      base,
      'task.json'
    )
    expect(renamed).toEqual({
      ok: true,
      tasks: [
        { id: 'setup-ci', title: 'Title of setup-ci', description: 'Do setup-ci.', dependencies: ['setup'] },
        { id: 'deploy', title: 'Title of deploy', description: 'Do deploy.', dependencies: ['setup-ci'] }
      ]
    })
  })
})
