import { ConfigError, loadConfig } from './app-config';

const valid = {
  MONGODB_URI: 'mongodb://127.0.0.1:27017/rightsdesk',
  REDIS_URL: 'redis://127.0.0.1:6379/0',
  SESSION_SECRET: 's'.repeat(32),
  HASH_SECRET: 'h'.repeat(32),
  CHECKPOINT_SIGNING_KEY: Buffer.alloc(32, 1).toString('base64'),
};

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe('loadConfig', () => {
  it('accepts a minimal valid environment and applies the documented defaults', () => {
    const c = loadConfig(valid);
    expect(c.port).toBe(3000);
    expect(c.retentionDays).toBe(14);
    expect(c.publicBaseUrl).toBe('http://127.0.0.1:3000');
    expect(c.providers).toEqual({ google: undefined, facebook: undefined, linkedin: undefined });
  });

  it('requires a valid checkpoint signing key in production only, and names a malformed one or a bad auditor address', () => {
    expect(problemsOf({ ...valid, NODE_ENV: 'production', ALLOW_INSECURE_COOKIES: 'true', CHECKPOINT_SIGNING_KEY: undefined })).toEqual([
      expect.stringMatching(/^CHECKPOINT_SIGNING_KEY: is required in production/),
    ]);
    expect(loadConfig({ ...valid, CHECKPOINT_SIGNING_KEY: undefined }).checkpoints.signingKey).toBeUndefined();
    expect(problemsOf({ ...valid, CHECKPOINT_SIGNING_KEY: 'c2hvcnQ=' })).toEqual([expect.stringMatching(/^CHECKPOINT_SIGNING_KEY: must be a base64 32-byte/)]);
    expect(problemsOf({ ...valid, CHECKPOINT_AUDITOR_EMAIL: 'auditor@example.org, nope' })).toEqual([
      expect.stringMatching(/^CHECKPOINT_AUDITOR_EMAIL: holds an entry that is not an email address/),
    ]);
    const c = loadConfig({ ...valid, CHECKPOINT_AUDITOR_EMAIL: 'Auditor@Example.org', CHECKPOINT_DIR: '/var/lib/rightsdesk/checkpoints' });
    expect(c.checkpoints).toMatchObject({
      dir: '/var/lib/rightsdesk/checkpoints',
      origin: '127.0.0.1:3000/rightsdesk',
      auditorEmails: ['auditor@example.org'],
    });
    expect(problemsOf({ ...valid, CHECKPOINT_ORIGIN: 'has space' })).toEqual([expect.stringMatching(/^CHECKPOINT_ORIGIN: must be a schema-less URL/)]);
  });

  it('names a missing SESSION_SECRET', () => {
    expect(problemsOf({ ...valid, SESSION_SECRET: undefined })).toEqual([expect.stringMatching(/^SESSION_SECRET: is required/)]);
  });

  it('names a malformed MONGODB_URI', () => {
    expect(problemsOf({ ...valid, MONGODB_URI: 'postgres://x/y' })).toEqual([expect.stringMatching(/^MONGODB_URI: must be a mongodb:\/\//)]);
    expect(problemsOf({ ...valid, MONGODB_URI: 'mongodb://127.0.0.1:27017' })).toHaveLength(1);
  });

  it('names every bad variable at once', () => {
    const problems = problemsOf({ ...valid, REDIS_URL: 'http://x', RETENTION_DAYS: 'soon', HASH_SECRET: 'short' });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['HASH_SECRET', 'REDIS_URL', 'RETENTION_DAYS']);
  });

  it('enables a provider only with both its id and secret, and names the missing half', () => {
    expect(loadConfig({ ...valid, GOOGLE_CLIENT_ID: 'id', GOOGLE_CLIENT_SECRET: 'secret' }).providers.google).toMatchObject({ clientId: 'id' });
    expect(problemsOf({ ...valid, LINKEDIN_CLIENT_ID: 'id' })).toEqual([expect.stringMatching(/^LINKEDIN_CLIENT_SECRET: is required/)]);
  });

  it('rejects an ADMIN_EMAILS entry that is not an email, without echoing it', () => {
    const problems = problemsOf({ ...valid, ADMIN_EMAILS: 'ok@example.com, not-an-email' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).not.toContain('not-an-email');
  });

  describe('sessions', () => {
    it('defaults to a 30-minute idle timeout, a 12-hour absolute lifetime and a touch at most every 5 minutes', () => {
      expect(loadConfig(valid).sessions).toEqual({ idleTimeoutS: 1800, absoluteLifetimeS: 43200, touchIntervalS: 300, secureCookie: false });
    });

    it('refuses an http:// PUBLIC_BASE_URL in production unless ALLOW_INSECURE_COOKIES', () => {
      expect(problemsOf({ ...valid, NODE_ENV: 'production', PUBLIC_BASE_URL: 'http://example.org' })).toEqual([
        expect.stringMatching(/^PUBLIC_BASE_URL: must be https:\/\/ in production/),
      ]);
      expect(
        loadConfig({ ...valid, NODE_ENV: 'production', PUBLIC_BASE_URL: 'http://127.0.0.1:3000', ALLOW_INSECURE_COOKIES: 'true' }).sessions.secureCookie,
      ).toBe(false);
      expect(loadConfig({ ...valid, NODE_ENV: 'production', PUBLIC_BASE_URL: 'https://rightsdesk.example.org' }).sessions.secureCookie).toBe(true);
      expect(loadConfig({ ...valid, PUBLIC_BASE_URL: 'https://rightsdesk.example.org' }).sessions.secureCookie).toBe(true);
    });

    it('names lifetimes that contradict each other', () => {
      expect(problemsOf({ ...valid, SESSION_IDLE_TIMEOUT_S: '600', SESSION_ABSOLUTE_LIFETIME_S: '300' })).toEqual([
        expect.stringMatching(/^SESSION_ABSOLUTE_LIFETIME_S/),
      ]);
      expect(problemsOf({ ...valid, SESSION_IDLE_TIMEOUT_S: '60', SESSION_TOUCH_INTERVAL_S: '60' })).toEqual([
        expect.stringMatching(/^SESSION_TOUCH_INTERVAL_S/),
      ]);
    });

    it('takes a METRICS_TOKEN of 24+ characters, or none', () => {
      expect(loadConfig({ ...valid, METRICS_TOKEN: '' }).metricsToken).toBeUndefined();
      expect(problemsOf({ ...valid, METRICS_TOKEN: 'short' })).toEqual([expect.stringMatching(/^METRICS_TOKEN/)]);
    });
  });

  it('refuses development sign-in in production, naming DEV_SIGN_IN; allows it in development', () => {
    expect(problemsOf({ ...valid, NODE_ENV: 'production', ALLOW_INSECURE_COOKIES: 'true', DEV_SIGN_IN: 'true' })).toEqual([
      expect.stringMatching(/^DEV_SIGN_IN: development sign-in cannot be enabled when NODE_ENV=production/),
    ]);
    expect(loadConfig({ ...valid, NODE_ENV: 'development', DEV_SIGN_IN: 'true' }).devSignIn).toBe(true);
    expect(loadConfig({ ...valid, NODE_ENV: 'production', ALLOW_INSECURE_COOKIES: 'true' }).devSignIn).toBe(false);
    expect(problemsOf({ ...valid, DEV_SIGN_IN: 'yes' })).toEqual([expect.stringMatching(/^DEV_SIGN_IN: must be true or false/)]);
  });

  it('writes readable logs only in development (LOG_PRETTY=true or a terminal), JSON in production', () => {
    expect(loadConfig({ ...valid, NODE_ENV: 'development', LOG_PRETTY: 'true' }).logPretty).toBe(true);
    expect(loadConfig({ ...valid, NODE_ENV: 'development', LOG_PRETTY: 'false' }).logPretty).toBe(false);
    expect(loadConfig({ ...valid, NODE_ENV: 'test', LOG_PRETTY: 'true' }).logPretty).toBe(false);
    expect(problemsOf({ ...valid, NODE_ENV: 'production', ALLOW_INSECURE_COOKIES: 'true', LOG_PRETTY: 'true' })).toEqual([
      expect.stringMatching(/^LOG_PRETTY:/),
    ]);
  });

  it('reads the support mailbox: TLS for a real host, plain IMAP only on loopback, credentials from the variables or the URL', () => {
    expect(loadConfig(valid).mailbox.imap).toBeUndefined();
    expect(
      loadConfig({ ...valid, SUPPORT_IMAP_URL: 'imaps://imap.example.org/INBOX', SUPPORT_IMAP_USER: 'u', SUPPORT_IMAP_PASSWORD: 'p' }).mailbox.imap,
    ).toEqual({
      host: 'imap.example.org',
      port: 993,
      secure: true,
      path: 'INBOX',
      user: 'u',
      password: 'p',
    });
    expect(loadConfig({ ...valid, SUPPORT_IMAP_URL: 'imap://support%40x.test:p%2Fw@127.0.0.1:1143/Support' }).mailbox.imap).toMatchObject({
      secure: false,
      port: 1143,
      path: 'Support',
      user: 'support@x.test',
      password: 'p/w',
    });
    expect(problemsOf({ ...valid, SUPPORT_IMAP_URL: 'imap://imap.example.org/INBOX', SUPPORT_IMAP_USER: 'u', SUPPORT_IMAP_PASSWORD: 'p' })).toEqual([
      expect.stringMatching(/^SUPPORT_IMAP_URL: plain imap:\/\/ is allowed only to a loopback host/),
    ]);
    expect(problemsOf({ ...valid, SUPPORT_IMAP_URL: 'imaps://imap.example.org/INBOX' })).toEqual([
      expect.stringMatching(/^SUPPORT_IMAP_USER: is required/),
      expect.stringMatching(/^SUPPORT_IMAP_PASSWORD: is required/),
    ]);
    expect(problemsOf({ ...valid, SUPPORT_IMAP_URL: 'pop3://x/INBOX' })).toEqual([expect.stringMatching(/^SUPPORT_IMAP_URL: must start with imaps:\/\//)]);
    expect(problemsOf({ ...valid, SUPPORT_ADDRESS: 'not-an-address' })).toEqual(['SUPPORT_ADDRESS: must be an email address']);
  });
});
