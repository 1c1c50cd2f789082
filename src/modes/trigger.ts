/**
 * Who may start a mode that gives an agent write access: a trigger whose task text anybody could write
 * (a fork's pull request, say) is refused unless `allow-untrusted-trigger` says otherwise.
 */
import { isUntrustedTrigger } from '../infra/github/pulls.js'
import type { Settings } from '../inputs/settings.js'
import type { WorkflowContext } from './index.js'

export async function refuseUntrustedTrigger(settings: Settings, ctx: WorkflowContext): Promise<void> {
  // The local command has no event: the person at the terminal started it.
  if (!ctx.event) return
  const event = await ctx.event()
  const untrusted = isUntrustedTrigger(event.name, event.payload, ctx.repository ?? '')
  if (untrusted && !settings.allowUntrustedTrigger)
    throw new Error(
      `${untrusted}. Taskmesh refuses to run here: untrusted task text would drive an agent with write access. ` +
        'Set allow-untrusted-trigger: true only if you trust every author who can trigger this workflow.'
    )
}
