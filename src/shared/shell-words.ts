/**
 * Split a string into words like a POSIX shell would, without running one: whitespace separates words,
 * '…' is literal, "…" honours \" \\ \$ \` and line continuations, a backslash outside quotes escapes the next
 * character. No expansion of variables, globs or `~`.
 */
export function splitArgs(s: string): string[] {
  const words: string[] = []
  let word = ''
  let inWord = false
  let i = 0
  while (i < s.length) {
    const c = s[i]
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (inWord) words.push(word)
      word = ''
      inWord = false
      i++
    } else if (c === "'") {
      const end = s.indexOf("'", i + 1)
      if (end === -1) throw new Error(`unterminated single quote at position ${i} in: ${s}`)
      word += s.slice(i + 1, end)
      inWord = true
      i = end + 1
    } else if (c === '"') {
      inWord = true
      i++
      let closed = false
      while (i < s.length) {
        const d = s[i]
        if (d === '"') {
          closed = true
          i++
          break
        }
        if (d === '\\' && i + 1 < s.length && '"\\$`\n'.includes(s[i + 1])) {
          if (s[i + 1] !== '\n') word += s[i + 1]
          i += 2
          continue
        }
        word += d
        i++
      }
      if (!closed) throw new Error(`unterminated double quote in: ${s}`)
    } else if (c === '\\') {
      if (i + 1 < s.length) {
        // Backslash-newline is a line continuation: it disappears.
        if (s[i + 1] !== '\n') {
          word += s[i + 1]
          inWord = true
        }
        i += 2
      } else {
        // A trailing backslash has nothing to escape: keep it.
        word += c
        inWord = true
        i++
      }
    } else {
      word += c
      inWord = true
      i++
    }
  }
  if (inWord) words.push(word)
  return words
}
