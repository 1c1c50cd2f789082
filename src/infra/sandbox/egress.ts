/**
 * The egress allow-list: which host:port the sandboxed CLI and `verify` may reach. By default only the
 * model's API, exactly: the host and port of ANTHROPIC_BASE_URL when set, api.anthropic.com:443 otherwise,
 * or the cloud provider's endpoints when Bedrock, Vertex or Foundry is switched on. `allowed-domains` adds
 * hosts. Pure: the environment comes in as an argument.
 */

const DEFAULT_API = 'api.anthropic.com:443'

/** `host:port` of a URL (IPv6 stays bracketed), or undefined when it is no http(s) URL. */
export function hostPortOf(url: string): string | undefined {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return undefined
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined
  const port = u.port || (u.protocol === 'https:' ? '443' : '80')
  return `${u.hostname}:${port}`
}

const on = (v: string | undefined) => !!v && !['0', 'false', 'no', 'off'].includes(v.trim().toLowerCase())

/** The API endpoints the CLI needs, from the same variables the CLI reads. */
export function apiEndpoints(env: NodeJS.ProcessEnv): { hosts: string[]; problems: string[] } {
  const hosts: string[] = []
  const problems: string[] = []
  const fromUrl = (name: string): boolean => {
    const v = env[name]?.trim()
    if (!v) return false
    const hp = hostPortOf(v)
    if (hp) hosts.push(hp)
    else problems.push(`${name} is not an http(s) URL: ${v}`)
    return true
  }
  if (on(env.CLAUDE_CODE_USE_BEDROCK)) {
    if (!fromUrl('ANTHROPIC_BEDROCK_BASE_URL')) {
      const region = env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1'
      hosts.push(`bedrock-runtime.${region}.amazonaws.com:443`)
    }
    // Keys or session credentials in the environment (aws-actions/configure-aws-credentials) need no more;
    // a profile that assumes a role needs its STS endpoint in allowed-domains.
  }
  if (on(env.CLAUDE_CODE_USE_VERTEX)) {
    if (!fromUrl('ANTHROPIC_VERTEX_BASE_URL')) {
      const region = env.CLOUD_ML_REGION || 'us-east5'
      hosts.push(
        region === 'global' ? 'aiplatform.googleapis.com:443' : `${region}-aiplatform.googleapis.com:443`
      )
    }
    // Access tokens are minted from the service account or workload identity here.
    hosts.push('oauth2.googleapis.com:443', 'sts.googleapis.com:443', 'iamcredentials.googleapis.com:443')
  }
  if (on(env.CLAUDE_CODE_USE_FOUNDRY)) {
    if (!fromUrl('ANTHROPIC_FOUNDRY_BASE_URL')) {
      const resource = env.ANTHROPIC_FOUNDRY_RESOURCE?.trim()
      if (resource) hosts.push(`${resource}.services.ai.azure.com:443`)
      else
        problems.push(
          'CLAUDE_CODE_USE_FOUNDRY is set without ANTHROPIC_FOUNDRY_RESOURCE or ANTHROPIC_FOUNDRY_BASE_URL'
        )
    }
    hosts.push('login.microsoftonline.com:443')
  }
  if (!hosts.length && !problems.length && !fromUrl('ANTHROPIC_BASE_URL')) hosts.push(DEFAULT_API)
  return { hosts, problems }
}

/** The whole list: the API endpoints, then `allowed-domains`, without duplicates. */
export function egressAllowList(env: NodeJS.ProcessEnv, allowedDomains: readonly string[]) {
  const api = apiEndpoints(env)
  return { allow: [...new Set([...api.hosts, ...allowedDomains])], problems: api.problems }
}

/**
 * The host of a proxy deny line (`deny network-outbound 127.0.0.1:4444 (host is not on the allow list)`),
 * or undefined for other violations.
 */
export function deniedHostOf(line: string): string | undefined {
  const m = /^deny network-outbound (\S+)/.exec(line.trim())
  if (!m) return undefined
  // The name comes from inside the sandbox: only a host-like string goes on to the log and the summary.
  return /^[A-Za-z0-9._\-[\]:*%]{1,300}$/.test(m[1]) ? m[1] : '(an unreadable host name)'
}
