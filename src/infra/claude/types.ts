/** The stream-json types belong to the engine's Claude port; the CLI's parser and starter produce them. */
export type { ClaudeEvent, ResultEvent, Usage } from '../../engine/claude-events.js'
