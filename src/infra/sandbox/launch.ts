/**
 * A faster start of a contained command than the sandbox runtime's own, with the same bubblewrap invocation.
 *
 * The runtime (0.0.83) hands back one shell line: `bwrap <namespaces, mounts, environment> -- bash -c '…'`,
 * whose inner script starts two socat relays (TCP 3128 and 1080 inside the namespace to the proxy's Unix
 * socket outside), polls `/proc/net/sockstat` without a pause until both listen (it may start no program
 * there: the seccomp filter is not on yet), then runs `apply-seccomp bash -c '<command>'`. Measured, that
 * inner part costs more than bubblewrap itself: two more shells and `env` before the command, and a busy
 * loop that competes with the relays it waits for on a loaded runner.
 *
 * So the runtime still decides everything that contains the command — the bwrap arguments (namespaces,
 * mount plan, environment, the proxy's socket), the relays' ports and the seccomp helper — and only the
 * inner script is replaced, by a POSIX `sh` one that starts both relays at once, waits for their own
 * "listening" line (socat -d -d) on a pipe, a blocking read, then execs the helper with the command's argv
 * (no shell, no `env`). bwrap is spawned directly, without the `sh -c` around it. Whenever the line does not
 * have exactly the expected shape, the runtime's own line is used instead: slower, never less contained.
 */

/** The runtime's quote(): bare words from a safe set, anything else in single quotes, `'` as `'"'"'`. */
export function quoteLikeRuntime(words: readonly string[]): string {
  return words
    .map(word => {
      if (word === '') return "''"
      if (/^[A-Za-z0-9_./:@+,-][A-Za-z0-9_./:=@+,-]*$/.test(word)) return word
      return `'${word.replace(/'/g, `'"'"'`)}'`
    })
    .join(' ')
}

/**
 * The words of a line made by the runtime's quote(), or undefined when the line is anything else. Checked
 * by quoting the words again: only a line that is exactly their quoted form is accepted.
 */
export function unquoteWords(line: string): string[] | undefined {
  const words: string[] = []
  let word = ''
  let inWord = false
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!
    if (ch === ' ') {
      if (!inWord) return undefined
      words.push(word)
      word = ''
      inWord = false
    } else if (ch === "'") {
      const end = line.indexOf("'", i + 1)
      if (end < 0) return undefined
      word += line.slice(i + 1, end)
      inWord = true
      i = end
    } else if (ch === '"') {
      if (line.slice(i, i + 3) !== `"'"`) return undefined
      word += "'"
      inWord = true
      i += 2
    } else {
      word += ch
      inWord = true
    }
  }
  if (inWord) words.push(word)
  return quoteLikeRuntime(words) === line ? words : undefined
}

/**
 * Runs inside the namespace as `sh -c RELAYS taskmesh-sandbox <socat> <helper> <http socket> <socks socket>
 * <command…>`. POSIX sh, which reads no start-up file when not interactive (bash would read $BASH_ENV
 * before the filter is on). Both relays log to one pipe; the command starts once each has said it listens,
 * or has ended (then it starts without it, as the runtime's does after 0.3 s). Nothing here runs a program
 * from PATH, and nothing starts before the filter but socat and forks of this shell: the command gets its
 * own stdin back, and a background loop keeps reading the relays' log so that it never fills.
 */
export const RELAYS_SCRIPT = [
  'socat=$1 helper=$2 http=$3 socks=$4',
  'shift 4',
  'relay() {',
  '  { "$socat" -d -d "TCP6-LISTEN:$1,ipv6only=0,fork,reuseaddr,backlog=4096" "UNIX-CONNECT:$2" ||',
  '    "$socat" -d -d "TCP4-LISTEN:$1,fork,reuseaddr,backlog=4096" "UNIX-CONNECT:$2"',
  '    echo "taskmesh: relay $1 ended" >&2; } 2>&1 >/dev/null </dev/null &',
  '}',
  'exec 5<&0',
  '{ relay 3128 "$http"; relay 1080 "$socks"; } | {',
  '  up=0',
  '  while [ "$up" -lt 2 ] && IFS= read -r line; do',
  "    case $line in *' listening on '* | 'taskmesh: relay '*) up=$((up + 1)) ;; esac",
  '  done',
  '  exec 3<&0 0<&5 5<&-',
  '  ( while read -r line; do :; done <&3 & )',
  '  exec 3<&-',
  '  SRT_ALLOW_NESTED_USERNS=0 exec "$helper" "$@"',
  '}'
].join('\n')

export interface FastLaunch {
  /** bwrap (or the runtime's `sh` that opens bwrap's argument file) and its arguments. */
  argv: string[]
}

/**
 * The direct form of the runtime's `wrapped` line for `command` (the line given to the runtime), with `env`
 * set by bubblewrap after the runtime's own variables; undefined when the line is not what this expects.
 */
export function fastLaunch(o: {
  wrapped: string
  /** The command line the runtime wrapped (quoted argv). */
  line: string
  argv: readonly string[]
  socat: string
  httpSocket: string | undefined
  socksSocket: string | undefined
  env: Readonly<Record<string, string>>
}): FastLaunch | undefined {
  const words = unquoteWords(o.wrapped)
  if (!words || words.length < 5) return undefined
  const n = words.length
  const [dashes, shell, dashC, script] = words.slice(n - 4)
  if (dashes !== '--' || dashC !== '-c' || !shell?.startsWith('/') || !script) return undefined
  // The runtime's script is `<shell> -c '<inner>'`.
  const outer = unquoteWords(script)
  if (!outer || outer.length !== 3 || outer[0] !== shell || outer[1] !== '-c') return undefined
  const inner = outer[2]!
  // Its last line runs the seccomp helper on the command: `SRT_ALLOW_NESTED_USERNS=0 <helper> <shell> -c <line>`.
  const last = unquoteWords(inner.slice(inner.lastIndexOf('\n') + 1))
  if (
    !last ||
    last.length !== 5 ||
    last[0] !== 'SRT_ALLOW_NESTED_USERNS=0' ||
    !last[1]!.startsWith('/') ||
    last[2] !== shell ||
    last[3] !== '-c' ||
    last[4] !== o.line
  )
    return undefined
  const helper = last[1]!
  // The relays it starts: the same socat, ports and sockets as ours.
  const socat = quoteLikeRuntime([o.socat])
  const { httpSocket, socksSocket } = o
  if (
    !httpSocket ||
    !socksSocket ||
    !inner.includes(`${socat} TCP6-LISTEN:3128,ipv6only=0,`) ||
    !inner.includes(` UNIX-CONNECT:${httpSocket} `) ||
    !inner.includes(`${socat} TCP6-LISTEN:1080,ipv6only=0,`) ||
    !inner.includes(` UNIX-CONNECT:${socksSocket} `)
  )
    return undefined
  const setenv = Object.entries(o.env).flatMap(([k, v]) => ['--setenv', k, v])
  return {
    argv: [
      ...words.slice(0, n - 4),
      ...setenv,
      '--',
      '/bin/sh',
      '-c',
      RELAYS_SCRIPT,
      'taskmesh-sandbox',
      o.socat,
      helper,
      httpSocket,
      socksSocket,
      ...o.argv
    ]
  }
}
