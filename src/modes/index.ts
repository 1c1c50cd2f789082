/**
 * The modes table: what each `mode` does in a workflow run (or a local command), from settings to an
 * outcome, with the rules around it — dispatch-next before and after, and who may trigger a mode that
 * writes. `mode: plan` is loaded with this file; the other modes (and the GitHub API client) load only
 * when they run, so a plan step starts fast.
 */
import type { RunReport } from '../engine/report-model.js'
import type { Settings } from '../inputs/settings.js'
import type { DispatchContext } from './dispatch.js'
import type { RunContext } from './pipeline.js'
import { runPlan } from './plan.js'
import type { Ui } from './ui.js'

/** The context of a workflow run; the local command has none of the optional parts. */
export interface WorkflowContext extends RunContext {
  /** The event that started the workflow run, loaded when a mode asks for it. */
  event?: () => Promise<{ name: string; payload: unknown }>
  /** Where dispatch-next starts the next run, and the commit this one started from. */
  workflow?: { dispatch: DispatchContext; sha?: string; serverUrl?: string }
}

export interface ModeOutcome {
  /** Set when the step must fail (redacted). */
  failure?: string
  /** The run's report (`mode: run`), for the local command's table. */
  report?: RunReport
}

export type ModeName = Settings['mode']

export const modes: Record<
  ModeName,
  (settings: Settings, ui: Ui, ctx: WorkflowContext) => Promise<ModeOutcome>
> = {
  async plan(settings, ui, ctx) {
    await checkDispatch(settings, ctx)
    const plan = await runPlan(settings, ui)
    if (settings.dispatchNext) {
      const { dispatchAfterPlan } = await import('./dispatch.js')
      await dispatchAfterPlan(settings, ui, ctx.workflow, plan.ready)
    }
    return {}
  },

  async run(settings, ui, ctx) {
    await checkDispatch(settings, ctx)
    await refuseUntrustedTrigger(settings, ctx)
    const { runMode } = await import('./run.js')
    const outcome = await runMode(settings, ui, ctx)
    if (!outcome.failure && settings.dispatchNext) {
      const { dispatchAfterRun } = await import('./dispatch.js')
      await dispatchAfterRun(settings, ui, ctx.workflow, outcome)
    }
    return outcome
  },

  async decompose(settings, ui, ctx) {
    await refuseUntrustedTrigger(settings, ctx)
    const { decomposeMode } = await import('./decompose/decompose.js')
    return decomposeMode(settings, ui, ctx)
  },

  async review(settings, ui, ctx) {
    await checkDispatch(settings, ctx)
    // mode: review checks the pull request itself, after the cheaper checks of who asked for what: a fork's
    // pull request is refused there, but a plain comment on it must not fail a workflow run.
    // The event decides what there is to do; most events on a pull request ask nothing of Taskmesh.
    const event = ctx.event ? await ctx.event() : { name: '', payload: {} }
    const { parseReviewEvent } = await import('../infra/github/review-event.js')
    const parsed = parseReviewEvent(event.name, event.payload)
    if ('ignore' in parsed) {
      ui.log({ kind: 'line', level: 'info', text: `nothing to do: ${parsed.ignore}` })
      return {}
    }
    const { reviewMode } = await import('./review/review.js')
    return reviewMode(settings, ui, ctx, parsed.trigger)
  }
}

/** dispatch-next's check before anything runs; its module (and the GitHub API client) only when it is on. */
async function checkDispatch(settings: Settings, ctx: WorkflowContext): Promise<void> {
  if (!settings.dispatchNext) return
  const dispatch = await import('./dispatch.js')
  dispatch.checkDispatch(settings, ctx.workflow)
}

async function refuseUntrustedTrigger(settings: Settings, ctx: WorkflowContext): Promise<void> {
  if (!ctx.event) return
  const trigger = await import('./trigger.js')
  await trigger.refuseUntrustedTrigger(settings, ctx)
}
