/** Cutting text down to size for logs, summaries, prompts and commit messages. */

/** Shortens to at most `max` characters (code points, so an emoji is never split), ending with `…` when cut. */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text
  if (max <= 0) return ''
  let i = 0
  let n = 0
  let cut = 0
  while (i < text.length) {
    if (n === max - 1) cut = i
    if (n === max) return text.slice(0, cut).trimEnd() + '…'
    i += text.codePointAt(i)! > 0xffff ? 2 : 1
    n++
  }
  return text
}

/** The first non-empty line of a text, shortened, with `…` when more lines follow. */
export function firstLine(text: string, max: number): string {
  const trimmed = text.trim()
  const nl = trimmed.search(/[\r\n]/)
  if (nl === -1) return shorten(trimmed, max)
  return shorten(trimmed.slice(0, nl).trimEnd() + ' …', max)
}

/** The text, cut to `max` characters and marked `… (truncated)`: the task file's `result` and `error` fields. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (truncated)`
}

/** The text, cut to `max` characters with a note of how much was cut (for prompts: Claude reads the note). */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}\n… (${text.length - max} more characters cut)`
}
