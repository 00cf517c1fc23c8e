/**
 * Token formats by their documented shape, wherever they stand. Kept as data:
 * each entry has a name, an anchored pattern tried at the start of a run of
 * token characters ([A-Za-z0-9_.-]), an example (the unit suite tests every
 * entry with it), and an optional tail after the run (Atlassian's `=CRC`).
 * The patterns have one start and no nested quantifiers, so each costs one
 * pass over its run.
 */
export interface TokenShape {
  name: string;
  readonly pattern: RegExp;
  example: string;
  /** Characters right after the run that belong to the token. */
  tail?: RegExp;
  /** The characters a token of this shape can start with (default: the example's first). */
  starts: string;
}

const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
/** The pattern is compiled the first time a run could be one: most starts meet no run that begins like a shape. */
const shape = (name: string, source: string, example: string, tail?: RegExp, starts = example[0]!): TokenShape => {
  let pattern: RegExp | undefined;
  return {
    name,
    get pattern() {
      pattern ??= new RegExp(`^(?:${source})`);
      return pattern;
    },
    example,
    starts,
    ...(tail ? { tail } : {}),
  };
};
const x = (n: number, c = 'a1B2') => c.repeat(Math.ceil(n / c.length)).slice(0, n);
const hex = (n: number) => '0f3a9c1d2e4b5a69'.repeat(Math.ceil(n / 16)).slice(0, n);

export const TOKEN_SHAPES: readonly TokenShape[] = [
  shape('GitHub token', 'gh[pousr]_[A-Za-z0-9]{20,}', `ghp_${x(36)}`),
  shape('GitHub fine-grained PAT', 'github_pat_[A-Za-z0-9_]{20,}', `github_pat_11${x(20)}_${x(59)}`),
  shape('GitLab token', 'gl(?:pat|dt|rt|ptt|cbt|soat|ft|imt|agent|oas|wt|ffct)-[A-Za-z0-9_-]{15,}', `glpat-${x(20)}`),
  shape('Grafana service account token', 'glsa_[A-Za-z0-9]{32}_[0-9a-f]{8}', `glsa_${x(32)}_${hex(8)}`),
  shape('Grafana Cloud token', 'glc_[A-Za-z0-9]{32,}', `glc_${x(40)}`),
  shape('AWS access key id', '(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9])', 'AKIAZ3MPLE7QWERTY5X2'),
  shape('Slack token', 'xox[abposre]-[A-Za-z0-9-]{10,}', `xoxb-123456789012-${x(24)}`),
  shape('Slack app token', 'xapp-\\d-[A-Za-z0-9-]{10,}', `xapp-1-A0123456789-${hex(40)}`),
  shape('Slack config token', 'xoxe\\.xox[bp]-[A-Za-z0-9-]{10,}', `xoxe.xoxp-1-${x(40)}`),
  shape('Stripe key', '(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,}', `sk_live_${x(24)}`),
  shape('Stripe webhook secret', 'whsec_[A-Za-z0-9]{24,}', `whsec_${x(32)}`),
  shape('OpenAI / Anthropic key', 'sk-(?:proj-|ant-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}', `sk-proj-${x(40)}`),
  shape('Google API key', 'AIza[0-9A-Za-z_-]{35}', `AIza${x(35)}`),
  shape('Google OAuth access token', 'ya29\\.[0-9A-Za-z_-]{20,}', `ya29.${x(60)}`),
  shape('Google OAuth client secret', 'GOCSPX-[A-Za-z0-9_-]{20,}', `GOCSPX-${x(28)}`),
  shape('npm token', 'npm_[A-Za-z0-9]{36}', `npm_${x(36)}`),
  shape('PyPI token', 'pypi-[A-Za-z0-9_-]{50,}', `pypi-AgEIcHlwaS5vcmc${x(60)}`),
  shape('RubyGems key', 'rubygems_[0-9a-f]{48}', `rubygems_${hex(48)}`),
  shape('SendGrid key', 'SG\\.[A-Za-z0-9_-]{16,}\\.[A-Za-z0-9_-]{16,}', `SG.${x(22)}.${x(43)}`),
  shape('Sendinblue key', 'xkeysib-[0-9a-f]{64}-[A-Za-z0-9]{16}', `xkeysib-${hex(64)}-${x(16)}`),
  shape('Vault token', 'hv[sbr]\\.[A-Za-z0-9_-]{20,}', `hvs.${x(90)}`),
  shape('DigitalOcean token', 'do[opr]_v1_[a-f0-9]{64}', `dop_v1_${hex(64)}`),
  shape('JWT', 'eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}', `eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.${x(43)}`),
  shape('Shopify token', 'shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}', `shpat_${hex(32)}`),
  shape('Docker Hub PAT', 'dckr_pat_[A-Za-z0-9_-]{20,}', `dckr_pat_${x(27)}`),
  shape('Hugging Face token', 'hf_[A-Za-z0-9]{30,}', `hf_${x(34)}`),
  shape('Atlassian API token', 'AT[AC]TT[A-Za-z0-9_-]{20,}', `ATATT3xFfGF0${x(170)}`, /^=[A-Fa-f0-9]{8}/),
  shape('Terraform Cloud token', '[A-Za-z0-9]{10,}\\.atlasv1\\.[A-Za-z0-9_-]{20,}', `${x(14)}.atlasv1.${x(67)}`, undefined, ALNUM),
  shape('Twilio API key', 'SK[0-9a-f]{32}(?![0-9a-z])', `SK${hex(32)}`),
  shape('Mailgun key', 'key-[0-9a-f]{32}(?![0-9a-z])', `key-${hex(32)}`),
  shape('Mailchimp key', '[0-9a-f]{32}-us\\d{1,2}(?![0-9a-z])', `${hex(32)}-us21`, undefined, '0123456789abcdef'),
  shape('Postman key', 'PMAK-[0-9a-f]{24}-[0-9a-f]{34}', `PMAK-${hex(24)}-${hex(34)}`),
  shape('New Relic key', 'NR(?:AK|II|AA)-[A-Z0-9]{27}', `NRAK-${'A1B2C3'.repeat(5).slice(0, 27)}`),
  shape('Sentry token', 'sntry[su]_[A-Za-z0-9_=-]{30,}', `sntrys_${x(60)}`),
  shape('Linear key', 'lin_api_[A-Za-z0-9]{40}', `lin_api_${x(40)}`),
  shape('Doppler token', 'dp\\.(?:pt|st|sa|ct|scim|audit)\\.[A-Za-z0-9]{40,}', `dp.pt.${x(43)}`),
  shape('Pulumi token', 'pul-[a-f0-9]{40}', `pul-${hex(40)}`),
  shape('Databricks token', 'dapi[a-f0-9]{32}(?:-\\d)?', `dapi${hex(32)}`),
  shape('Netlify token', 'nf[pc]_[A-Za-z0-9]{36,}', `nfp_${x(40)}`),
  shape('Supabase token', 'sb[pa]_[a-f0-9]{40}', `sbp_${hex(40)}`),
  shape('Tailscale key', 'tskey-[a-z]+-[A-Za-z0-9]{10,}-[A-Za-z0-9]{20,}', `tskey-auth-k${x(12)}-${x(30)}`),
  shape('age secret key', 'AGE-SECRET-KEY-1[0-9A-Z]{58}', `AGE-SECRET-KEY-1${'QZ7R3K9P'.repeat(8).slice(0, 58)}`),
  shape('Buildkite token', 'bku_[A-Za-z0-9]{40}', `bku_${x(40)}`),
  shape('CircleCI PAT', 'CCIPAT_[A-Za-z0-9]{20,}_[a-f0-9]{40}', `CCIPAT_${x(22)}_${hex(40)}`),
  shape('Dynatrace token', 'dt0c01\\.[A-Z0-9]{24}\\.[A-Z0-9]{64}', `dt0c01.${'ABC123'.repeat(4)}.${'ABC123DEF456'.repeat(6).slice(0, 64)}`),
  shape('PlanetScale token', 'pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_-]{32,}', `pscale_tkn_${x(43)}`),
  shape('Notion token', 'ntn_[A-Za-z0-9]{40,}', `ntn_${x(46)}`),
  shape('Figma token', 'figd_[A-Za-z0-9_-]{30,}', `figd_${x(40)}`),
  shape('Square token', 'sq0(?:atp|csp)-[A-Za-z0-9_-]{22,}', `sq0atp-${x(22)}`),
  shape('Discord bot token', '[MN][A-Za-z0-9]{23,27}\\.[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{27,40}', `M${x(23)}.${x(6)}.${x(27)}`, undefined, 'MN'),
  shape('Heroku API key (HRKU-)', 'HRKU-[A-Za-z0-9_-]{30,}', `HRKU-${x(60)}`),
  shape('Groq key', 'gsk_[A-Za-z0-9]{48,}', `gsk_${x(52)}`),
  shape('Replicate token', 'r8_[A-Za-z0-9]{37,}', `r8_${x(37)}`),
];

/** The first character of every shape, so a run is tried only against the shapes it could start. */
const BY_FIRST = new Map<string, TokenShape[]>();
for (const s of TOKEN_SHAPES) for (const c of s.starts) BY_FIRST.set(c, [...(BY_FIRST.get(c) ?? []), s]);

/** How many characters of `run` (and of what follows it in `after`) a token shape covers from its start, or 0. */
export function shapeAt(run: string, after: string): number {
  for (const s of BY_FIRST.get(run[0] ?? '') ?? []) {
    const m = s.pattern.exec(run);
    if (!m) continue;
    const tail = m[0].length === run.length && s.tail ? (s.tail.exec(after)?.[0].length ?? 0) : 0;
    return m[0].length + tail;
  }
  return 0;
}
