/**
 * The engine's Claude port over the real CLI: the run's flags, environment and sandbox are fixed here once;
 * each attempt brings its prompt, limits and working tree. The CLI's exit is classified here (classify.ts),
 * so the engine only ever sees an outcome.
 */
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import type { ClaudePort } from '../../engine/ports.js'
import type { Contain } from '../sandbox/types.js'
import { apiHost } from './api-host.js'
import { classifyExit } from './classify.js'
import { buildClaudeArgs, runClaude } from './process.js'

export interface ClaudeRunnerSettings {
  path: string
  env: NodeJS.ProcessEnv
  permissionMode: string
  disallowedTools: string[]
  appendSystemPrompt?: string
  extraArgs: string[]
  /** Which input or secret holds the credential, named in a 401 message. */
  credentialSource: string
  /** Contains the CLI (src/infra/sandbox/); absent when the sandbox is off or unavailable. */
  contain?: Contain
  /** Between SIGTERM and SIGKILL when the CLI is stopped. */
  killGraceMs?: number
}

export function claudeRunner(settings: ClaudeRunnerSettings): ClaudePort {
  const host = apiHost(settings.env)
  return {
    async run(request) {
      await mkdir(path.dirname(request.transcriptPath), { recursive: true })
      const exit = await runClaude({
        claudePath: settings.path,
        args: buildClaudeArgs({
          model: request.model,
          maxTurns: request.maxTurns,
          maxBudgetUsd: request.maxBudgetUsd,
          permissionMode: request.readOnly?.permissionMode ?? settings.permissionMode,
          allowedTools: request.allowedTools,
          disallowedTools: [
            ...new Set([...(request.readOnly?.disallowedTools ?? []), ...settings.disallowedTools])
          ],
          appendSystemPrompt: settings.appendSystemPrompt,
          extraArgs: settings.extraArgs,
          jsonSchema: request.jsonSchema
        }),
        prompt: request.prompt,
        cwd: request.cwd,
        // Without a writable root the contained CLI may write nothing of the machine but its private folders.
        sandbox: settings.contain
          ? { contain: settings.contain, writableRoot: request.readOnly ? undefined : request.writableRoot }
          : undefined,
        env: settings.env,
        timeoutMs: request.timeoutMs,
        killGraceMs: settings.killGraceMs,
        transcriptPath: request.transcriptPath,
        redactTranscript: request.redactTranscript,
        onEvent: request.onEvent,
        signal: request.signal,
        heartbeatMs: request.heartbeatMs,
        onHeartbeat: idle => request.onHeartbeat(idle)
      })
      const outcome = classifyExit(exit, {
        maxTurns: request.maxTurns,
        timeoutMs: request.timeoutMs,
        maxBudgetUsd: request.maxBudgetUsd,
        credentialSource: settings.credentialSource,
        apiHost: host
      })
      return { outcome, result: exit.result, denied: exit.denied }
    }
  }
}
