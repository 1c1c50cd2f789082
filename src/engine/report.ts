/** Builds the RunReport that every report (summary, PR body, terminal, outputs) renders. */
import { TaskGraph } from '../plan/graph.js'
import type { RunReport, SandboxReport, StopReason, TaskReport } from './report-model.js'
import type { TaskDocument } from '../taskfile/document.js'
import { statusOf, type LogEntry } from '../taskfile/schema.js'

/** What the engine saw of a task during this run, beyond what the task file holds. */
export interface TaskRunInfo {
  timeline: string[]
  inputTokens: number
  outputTokens: number
  /** Spent on the task in this run (the task file holds the total over all runs). */
  costUsd: number
  ran: boolean
  /** Connections the sandbox refused, by host:port. */
  denied: Map<string, number>
}

export function buildReport(a: {
  doc: TaskDocument
  taskFile: string
  info: Map<string, TaskRunInfo>
  startedAt: Date
  stopReason?: StopReason
  logs: LogEntry[]
  commitUrlBase?: string
  /** Commits of this run not yet written into the file. */
  pendingCommits?: Map<string, string>
  mode?: RunReport['mode']
  sandbox?: Omit<SandboxReport, 'denied'>
}): RunReport {
  const tasks = a.doc.data.tasks
  const blocked = new TaskGraph(tasks).blocked()
  const reports: TaskReport[] = tasks.map(t => {
    const i = a.info.get(t.id)
    const status = statusOf(t)
    return {
      id: t.id,
      title: t.title,
      description: t.description,
      status: status === 'pending' && blocked.has(t.id) ? 'blocked' : status,
      dependencies: t.dependencies ?? [],
      attempts: t.attempts ?? 0,
      costUsd: t.costUsd ?? 0,
      durationMs: t.durationMs ?? 0,
      turns: t.turns ?? 0,
      inputTokens: i?.inputTokens ?? 0,
      outputTokens: i?.outputTokens ?? 0,
      outputs: t.outputs ?? [],
      commit: a.pendingCommits?.get(t.id) ?? t.commit ?? undefined,
      error: t.error ?? undefined,
      result: t.result ?? undefined,
      timeline: i?.timeline ?? [],
      line: a.doc.taskLine(t.id),
      ranThisRun: i?.ran ?? false,
      ...(i?.denied.size ? { deniedHosts: [...i.denied].map(([host, count]) => ({ host, count })) } : {})
    }
  })
  const count = (s: TaskReport['status']) => reports.filter(r => r.status === s).length
  const ran = reports.filter(r => r.ranThisRun)
  const finishedAt = new Date()
  return {
    project: a.doc.data.project,
    description: a.doc.data.description,
    mode: a.mode ?? 'run',
    taskFile: a.taskFile,
    startedAt: a.startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    wallMs: finishedAt.getTime() - a.startedAt.getTime(),
    tasks: reports,
    totals: {
      completed: count('completed'),
      failed: count('failed'),
      pending: count('pending'),
      inProgress: count('in_progress'),
      blocked: count('blocked'),
      costUsd: Math.round([...a.info.values()].reduce((s, i) => s + i.costUsd, 0) * 1e6) / 1e6,
      inputTokens: ran.reduce((s, r) => s + r.inputTokens, 0),
      outputTokens: ran.reduce((s, r) => s + r.outputTokens, 0)
    },
    stopReason: a.stopReason,
    logs: a.logs,
    commitUrlBase: a.commitUrlBase,
    ...(a.sandbox ? { sandbox: { ...a.sandbox, denied: deniedOverRun(reports) } } : {})
  }
}

function deniedOverRun(tasks: TaskReport[]): SandboxReport['denied'] {
  const byHost = new Map<string, { host: string; count: number; tasks: string[] }>()
  for (const t of tasks)
    for (const d of t.deniedHosts ?? []) {
      const e = byHost.get(d.host) ?? { host: d.host, count: 0, tasks: [] }
      e.count += d.count
      e.tasks.push(t.id)
      byHost.set(d.host, e)
    }
  return [...byHost.values()].sort((a, b) => b.count - a.count || a.host.localeCompare(b.host))
}
