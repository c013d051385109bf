import path from 'node:path';
import { z } from 'zod';
import { NoteError, privateKeyFrom } from '../core/checkpoints/signed-note';

/** The configuration, validated once at boot (see loadConfig). Injected by its class. */
export class AppConfig {
  nodeEnv: 'development' | 'test' | 'production';
  port: number;
  publicBaseUrl: string;
  /** Origin of PUBLIC_BASE_URL, e.g. http://127.0.0.1:3000 */
  publicOrigin: string;
  mongodbUri: string;
  redisUrl: string;
  /** Prefix of every Bull key in Redis (lets several deployments or test files share one Redis). */
  queuePrefix: string;
  /** How long a worker holds a job before others consider it stalled (a killed worker's jobs restart after this) */
  queueLockMs: number;
  sessionSecret: string;
  hashSecret: string;
  smtpUrl: string;
  mailFrom: string;
  retentionDays: number;
  /** People per erasure batch (one read and one write per collection per batch) */
  erasureBatchSize: number;
  /** The full residue audit: documents per page and the pause between pages (it yields to the API). */
  residueAudit: { pageSize: number; pauseMs: number };
  adminEmails: string[];
  logLevel: string;
  bodyLimit: string;
  trustProxy: boolean;
  /**
   * Sessions in Redis: idle timeout and absolute lifetime (seconds), how often a request may refresh
   * the idle timer (at most one session write per interval), and whether the cookie is Secure
   * (`__Host-` prefixed). Secure is forced in production unless ALLOW_INSECURE_COOKIES.
   */
  sessions: { idleTimeoutS: number; absoluteLifetimeS: number; touchIntervalS: number; secureCookie: boolean };
  /** The shared Redis client (sessions, rate limits, principal cache): bounded command time */
  redis: { commandTimeoutMs: number };
  /** Bearer token GET /metrics needs; unset: /metrics is not served */
  metricsToken?: string;
  /** Requests per minute per client: every route, and the stricter limit of sign-in and intake routes */
  rateLimits: { perMinute: number; strictPerMinute: number; emailPerHour: number };
  database: { retryAttempts: number; serverSelectionTimeoutMs: number; bufferTimeoutMs: number };
  providers: {
    google?: OAuthProviderConfig;
    facebook?: OAuthProviderConfig;
    linkedin?: OAuthProviderConfig;
  };
  /**
   * Signed checkpoints of the hash-chained logs (C2SP signed-note checkpoints, Ed25519): the signing
   * key (base64 seed or PKCS8 PEM; unset outside production: a development key kept in `dir`), the
   * directory they are written to, the origin prefix (`<origin>/<chain>`), and the auditors they are
   * emailed to.
   */
  checkpoints: { signingKey?: string; dir: string; origin: string; auditorEmails: string[] };
  cron: {
    chainCheckpoint: string;
    auditVerify: string;
    outboxSweep: string;
    outboxPrune: string;
    retentionScan: string;
    residueSweep: string;
    residueAudit: string;
    billingPrune: string;
    testimonialsReconfirm: string;
    requestsExpire: string;
    requestsDigest: string;
    requestsPrune: string;
    transfersSuccessor: string;
    transfersReminders: string;
    transfersVerify: string;
  };
  requests: {
    verifyHours: number;
    accessLinkDays: number;
    retentionYears: number;
    perEmailPerHour: number;
    perIpPerHour: number;
    maxVerifyAttempts: number;
    digestTo: string[];
  };
  billing: { retentionYears: number; apiKeys: { name: string; key: string }[] };
  notifications: { policyNoticeDays: number; sentRetentionDays: number };
  /** Development sign-in (scripts/dev-oidc) stands in for the providers; never in production */
  devSignIn: boolean;
  /** Human-readable log lines (pino-pretty) instead of JSON; development only */
  logPretty: boolean;
  /**
   * Email intake (the support mailbox, read by the worker). `imap` is unset when SUPPORT_IMAP_URL is:
   * no email intake. Plain imap:// only to a loopback host; imaps:// (TLS) otherwise.
   */
  mailbox: {
    imap?: { host: string; port: number; secure: boolean; path: string; user: string; password: string };
    /** SUPPORT_ADDRESS: where people write; mail about requests names it as Reply-To; our own address (loop safety) */
    supportAddress?: string;
    pollCron: string;
    processedFolder: string;
    ignoredFolder: string;
    /** Larger messages are kept in the mailbox for an agent: headers and attachment metadata only */
    maxMessageBytes: number;
    /** How much of a message's text is kept */
    maxTextChars: number;
    /** Messages read per poll */
    batchSize: number;
    /** Automatic answers (acknowledgements) per sender address per hour */
    acksPerSenderPerHour: number;
    /** A message another reader started on is taken over after this long (its work is idempotent) */
    claimLeaseMs: number;
  };
  /** Consent links, reconfirmation period and grace of published testimonials */
  testimonials: { reconfirmDays: number; graceDays: number; linkDays: number };
  /**
   * Children: the age below which an account is removed (13 by default, raised per country, never lower),
   * how long the keyed hashes that block re-registration and the decided reports are kept, the time
   * zone an age is counted in when the person's is unknown, and the cron of the job that deletes what expired.
   */
  minors: {
    defaultAge: number;
    ageByCountry: Record<string, number>;
    blockDays: number;
    reportDays: number;
    timeZone: string;
    pruneCron: string;
    resumeCron: string;
  };
  /** Transfer log: subjects per recorded transfer, Art. 19 notice reminders (every N days, at most M) */
  transfers: { maxSubjectsPerTransfer: number; reminderDays: number; maxReminders: number };
}

export interface OAuthProviderConfig {
  clientId: string;
  clientSecret: string;
  authorizationUrl: string;
  tokenUrl: string;
  /** userinfo endpoint (Google, LinkedIn) or Graph profile URL (Facebook) */
  profileUrl: string;
  /** OpenID Connect (Google, LinkedIn): where the provider publishes its signing keys, and its issuer */
  jwksUrl?: string;
  issuer?: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));
const url = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        const u = new URL(v);
        return protocols.includes(u.protocol.replace(/:$/, ''));
      } catch {
        return false;
      }
    },
    { message: `must be a URL (${protocols.join(', ')})` },
  );
const cronExpr = z.string().regex(/^(\S+\s+){4,5}\S+$/, 'must be a cron expression of 5 or 6 fields');

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_BASE_URL: url(['http', 'https']).optional(),
  MONGODB_URI: z.string({ message: 'is required (MongoDB connection string with the database name)' }).refine(
    (v) => {
      const m = /^mongodb(\+srv)?:\/\/[^/]+\/([^?/]+)/.exec(v);
      return !!m && m[2].length > 0;
    },
    { message: 'must be a mongodb:// or mongodb+srv:// URI that names the database, e.g. mongodb://127.0.0.1:27017/rightsdesk' },
  ),
  REDIS_URL: z.string({ message: 'is required, e.g. redis://127.0.0.1:6379/0' }).pipe(url(['redis', 'rediss'])),
  QUEUE_LOCK_MS: z.coerce.number().int().min(1000).default(30000),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_-]+$/, 'may hold letters, digits, : _ -')
    .default('rightsdesk'),
  SESSION_SECRET: z.string({ message: 'is required (at least 32 characters)' }).min(32, 'must be at least 32 characters'),
  HASH_SECRET: z.string({ message: 'is required (at least 32 characters)' }).min(32, 'must be at least 32 characters'),
  SMTP_URL: url(['smtp', 'smtps']).default('smtp://127.0.0.1:1025'),
  MAIL_FROM: z.string().min(3).default('RightsDesk <no-reply@rightsdesk.local>'),
  RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(14),
  ERASURE_BATCH_SIZE: z.coerce.number().int().min(1).max(2000).default(500),
  ADMIN_EMAILS: z.string().default(''),
  DEV_SIGN_IN: z.enum(['true', 'false'], { message: 'must be true or false' }).default('false'),
  LOG_PRETTY: z.enum(['true', 'false'], { message: 'must be true or false' }).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, 'must look like 100kb or 1mb')
    .default('100kb'),
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  AUTH_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  EMAIL_RATE_LIMIT_PER_HOUR: z.coerce.number().int().min(1).default(5),
  DB_RETRY_ATTEMPTS: z.coerce.number().int().min(0).default(9),
  DB_SERVER_SELECTION_TIMEOUT_MS: z.coerce.number().int().min(100).default(3000),
  DB_BUFFER_TIMEOUT_MS: z.coerce.number().int().min(100).default(2000),
  REDIS_COMMAND_TIMEOUT_MS: z.coerce.number().int().min(50).default(1000),
  SESSION_IDLE_TIMEOUT_S: z.coerce.number().int().min(1).default(1800),
  SESSION_ABSOLUTE_LIFETIME_S: z.coerce.number().int().min(1).default(43200),
  SESSION_TOUCH_INTERVAL_S: z.coerce.number().int().min(0).default(300),
  ALLOW_INSECURE_COOKIES: z.enum(['true', 'false']).default('false'),
  METRICS_TOKEN: optionalString.pipe(z.string().min(24, 'must be at least 24 characters').optional()),
  AUDIT_VERIFY_CRON: cronExpr.default('0 3 * * *'),
  CHECKPOINT_CRON: cronExpr.default('15 * * * *'),
  CHECKPOINT_SIGNING_KEY: optionalString,
  CHECKPOINT_DIR: z.string().trim().min(1).default('checkpoints'),
  CHECKPOINT_ORIGIN: optionalString.pipe(
    z
      .string()
      .regex(/^[^\s+]+$/, 'must be a schema-less URL without spaces or "+", e.g. rightsdesk.example.org/logs')
      .optional(),
  ),
  CHECKPOINT_AUDITOR_EMAIL: z.string().default(''),
  OUTBOX_SWEEP_CRON: cronExpr.default('* * * * *'),
  OUTBOX_PRUNE_CRON: cronExpr.default('30 3 * * *'),
  RETENTION_CRON: cronExpr.default('0 * * * *'),
  RESIDUE_SWEEP_CRON: cronExpr.default('*/10 * * * *'),
  RESIDUE_AUDIT_CRON: cronExpr.default('0 2 * * 0'),
  RESIDUE_AUDIT_PAGE_SIZE: z.coerce.number().int().min(10).max(10000).default(500),
  RESIDUE_AUDIT_PAUSE_MS: z.coerce.number().int().min(0).max(60000).default(100),
  BILLING_PRUNE_CRON: cronExpr.default('0 4 * * *'),
  TESTIMONIAL_RECONFIRM_CRON: cronExpr.default('20 * * * *'),
  TESTIMONIAL_RECONFIRM_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  TESTIMONIAL_RECONFIRM_GRACE_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  TESTIMONIAL_CONSENT_LINK_DAYS: z.coerce.number().int().min(1).max(90).default(14),
  TRANSFERS_SUCCESSOR_CRON: cronExpr.default('5 * * * *'),
  TRANSFERS_REMINDER_CRON: cronExpr.default('35 8 * * *'),
  TRANSFERS_VERIFY_CRON: cronExpr.default('10 3 * * *'),
  TRANSFERS_MAX_SUBJECTS: z.coerce.number().int().min(1).max(5000).default(1000),
  TRANSFERS_REMINDER_DAYS: z.coerce.number().int().min(1).max(90).default(7),
  TRANSFERS_MAX_REMINDERS: z.coerce.number().int().min(0).max(20).default(3),
  REQUESTS_EXPIRE_CRON: cronExpr.default('*/15 * * * *'),
  REQUESTS_DIGEST_CRON: cronExpr.default('0 7 * * *'),
  REQUESTS_PRUNE_CRON: cronExpr.default('45 4 * * *'),
  REQUESTS_VERIFY_HOURS: z.coerce.number().int().min(1).max(168).default(24),
  REQUESTS_ACCESS_LINK_DAYS: z.coerce.number().int().min(1).max(90).default(7),
  REQUESTS_RETENTION_YEARS: z.coerce.number().int().min(1).max(10).default(3),
  REQUESTS_PER_EMAIL_PER_HOUR: z.coerce.number().int().min(1).max(1000).default(5),
  REQUESTS_PER_IP_PER_HOUR: z.coerce.number().int().min(1).max(100000).default(30),
  REQUESTS_MAX_VERIFY_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(5),
  REQUESTS_DIGEST_TO: z.string().default(''),
  SUPPORT_ADDRESS: optionalString,
  SUPPORT_IMAP_URL: optionalString,
  SUPPORT_IMAP_USER: optionalString,
  SUPPORT_IMAP_PASSWORD: optionalString,
  MAILBOX_POLL_CRON: cronExpr.default('* * * * *'),
  MAILBOX_PROCESSED_FOLDER: z.string().trim().min(1).default('RightsDesk/Processed'),
  MAILBOX_IGNORED_FOLDER: z.string().trim().min(1).default('RightsDesk/Ignored'),
  MAILBOX_MAX_MESSAGE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(10 * 1024 * 1024),
  MAILBOX_MAX_TEXT_CHARS: z.coerce.number().int().min(100).max(1_000_000).default(20_000),
  MAILBOX_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(50),
  MAILBOX_ACKS_PER_SENDER_PER_HOUR: z.coerce.number().int().min(1).max(1000).default(5),
  MAILBOX_CLAIM_LEASE_MS: z.coerce.number().int().min(100).default(120_000),
  BILLING_RETENTION_YEARS: z.coerce.number().int().min(1).max(30).default(5),
  BILLING_API_KEYS: z
    .string()
    .default('')
    .refine((v) => v === '' || v.split(',').every((p) => /^[A-Za-z0-9_-]+:[A-Za-z0-9_\-.~]{24,}$/.test(p.trim())), {
      message: 'must be name:key pairs separated by commas, keys of at least 24 characters',
    }),
  MINOR_AGE_BY_COUNTRY: z
    .string()
    .default('')
    .refine(
      (v) =>
        v.trim() === '' || v.split(',').every((p) => /^\s*[A-Za-z]{2}:\d{2}\s*$/.test(p) && Number(p.split(':')[1]) >= 13 && Number(p.split(':')[1]) <= 21),
      {
        message: 'must be country:age pairs separated by commas (ISO 3166-1 alpha-2, ages 13 to 21; never below 13), e.g. DE:16,FR:15',
      },
    ),
  MINOR_BLOCK_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  MINOR_REPORT_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  MINOR_TIME_ZONE: z
    .string()
    .default('UTC')
    .refine((v) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: v });
        return true;
      } catch {
        return false;
      }
    }, 'must be an IANA time zone, e.g. Europe/Oslo'),
  MINORS_PRUNE_CRON: cronExpr.default('40 4 * * *'),
  MINORS_RESUME_CRON: cronExpr.default('*/10 * * * *'),
  POLICY_NOTICE_DAYS: z.coerce.number().int().min(0).max(365).default(30),
  SENT_MESSAGE_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  GOOGLE_CLIENT_ID: optionalString,
  GOOGLE_CLIENT_SECRET: optionalString,
  GOOGLE_AUTHORIZATION_URL: url(['http', 'https']).default('https://accounts.google.com/o/oauth2/v2/auth'),
  GOOGLE_TOKEN_URL: url(['http', 'https']).default('https://oauth2.googleapis.com/token'),
  GOOGLE_USERINFO_URL: url(['http', 'https']).default('https://openidconnect.googleapis.com/v1/userinfo'),
  GOOGLE_JWKS_URL: url(['http', 'https']).default('https://www.googleapis.com/oauth2/v3/certs'),
  GOOGLE_ISSUER: z.string().trim().min(1).default('https://accounts.google.com'),
  FACEBOOK_CLIENT_ID: optionalString,
  FACEBOOK_CLIENT_SECRET: optionalString,
  FACEBOOK_AUTHORIZATION_URL: url(['http', 'https']).default('https://www.facebook.com/v21.0/dialog/oauth'),
  FACEBOOK_TOKEN_URL: url(['http', 'https']).default('https://graph.facebook.com/v21.0/oauth/access_token'),
  FACEBOOK_PROFILE_URL: url(['http', 'https']).default('https://graph.facebook.com/v21.0/me'),
  LINKEDIN_CLIENT_ID: optionalString,
  LINKEDIN_CLIENT_SECRET: optionalString,
  LINKEDIN_AUTHORIZATION_URL: url(['http', 'https']).default('https://www.linkedin.com/oauth/v2/authorization'),
  LINKEDIN_TOKEN_URL: url(['http', 'https']).default('https://www.linkedin.com/oauth/v2/accessToken'),
  LINKEDIN_USERINFO_URL: url(['http', 'https']).default('https://api.linkedin.com/v2/userinfo'),
  LINKEDIN_JWKS_URL: url(['http', 'https']).default('https://www.linkedin.com/oauth/openid/jwks'),
  LINKEDIN_ISSUER: z.string().trim().min(1).default('https://www.linkedin.com/oauth'),
});

type Env = Record<string, string | undefined>;

function provider(env: z.infer<typeof schema>, key: 'GOOGLE' | 'FACEBOOK' | 'LINKEDIN', problems: string[]) {
  const id = env[`${key}_CLIENT_ID`];
  const secret = env[`${key}_CLIENT_SECRET`];
  if (!id && !secret) return undefined;
  if (!id || !secret) {
    problems.push(
      `${!id ? `${key}_CLIENT_ID` : `${key}_CLIENT_SECRET`}: is required when ${!id ? `${key}_CLIENT_SECRET` : `${key}_CLIENT_ID`} is set (both enable ${key.toLowerCase()} sign-in)`,
    );
    return undefined;
  }
  const profileUrl = key === 'FACEBOOK' ? env.FACEBOOK_PROFILE_URL : env[`${key}_USERINFO_URL` as 'GOOGLE_USERINFO_URL'];
  return {
    clientId: id,
    clientSecret: secret,
    authorizationUrl: env[`${key}_AUTHORIZATION_URL`],
    tokenUrl: env[`${key}_TOKEN_URL`],
    profileUrl,
    ...(key === 'FACEBOOK' ? {} : { jwksUrl: env[`${key}_JWKS_URL` as 'GOOGLE_JWKS_URL'], issuer: env[`${key}_ISSUER` as 'GOOGLE_ISSUER'] }),
  } as OAuthProviderConfig;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * SUPPORT_IMAP_URL: imap(s)://[USER:PASSWORD@]host[:port]/MAILBOX; SUPPORT_IMAP_USER / SUPPORT_IMAP_PASSWORD
 * (preferred: secrets stay out of the URL) override what the URL holds. Plain imap:// only on loopback.
 */
function imapConfig(env: z.infer<typeof schema>, problems: string[]): AppConfig['mailbox']['imap'] {
  if (!env.SUPPORT_IMAP_URL) {
    if (env.SUPPORT_IMAP_USER || env.SUPPORT_IMAP_PASSWORD)
      problems.push('SUPPORT_IMAP_URL: is required when SUPPORT_IMAP_USER or SUPPORT_IMAP_PASSWORD is set');
    return undefined;
  }
  let u: URL;
  try {
    u = new URL(env.SUPPORT_IMAP_URL);
  } catch {
    problems.push('SUPPORT_IMAP_URL: must be a URL, imaps://host:993/INBOX (or imap:// to a loopback host)');
    return undefined;
  }
  const secure = u.protocol === 'imaps:';
  if (!secure && u.protocol !== 'imap:') {
    problems.push('SUPPORT_IMAP_URL: must start with imaps:// (TLS) or imap:// (loopback only)');
    return undefined;
  }
  if (!secure && !LOOPBACK.has(u.hostname)) {
    problems.push('SUPPORT_IMAP_URL: plain imap:// is allowed only to a loopback host (127.0.0.1, localhost); use imaps:// for a real mailbox');
    return undefined;
  }
  const user = env.SUPPORT_IMAP_USER ?? decodeURIComponent(u.username);
  const password = env.SUPPORT_IMAP_PASSWORD ?? decodeURIComponent(u.password);
  if (!user) problems.push('SUPPORT_IMAP_USER: is required with SUPPORT_IMAP_URL (or give the user in the URL)');
  if (!password) problems.push('SUPPORT_IMAP_PASSWORD: is required with SUPPORT_IMAP_URL (or give the password in the URL)');
  const path = decodeURIComponent(u.pathname.replace(/^\/+/, '')) || 'INBOX';
  return { host: u.hostname.replace(/^\[|\]$/g, ''), port: u.port ? Number(u.port) : secure ? 993 : 143, secure, path, user, password };
}

/** Validates the environment; throws ConfigError naming every missing or malformed variable. */
export function loadConfig(source: Env = process.env): AppConfig {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(problems);
  }
  const env = parsed.data;
  const problems: string[] = [];
  const providers = {
    google: provider(env, 'GOOGLE', problems),
    facebook: provider(env, 'FACEBOOK', problems),
    linkedin: provider(env, 'LINKEDIN', problems),
  };
  const adminEmails = env.ADMIN_EMAILS.split(',')
    .map((e) => e.trim().toLowerCase())
    .filter(Boolean);
  for (const e of adminEmails) {
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(e)) problems.push(`ADMIN_EMAILS: holds an entry that is not an email address`);
  }
  if (env.NODE_ENV === 'production' && env.DEV_SIGN_IN === 'true') {
    problems.push(
      'DEV_SIGN_IN: development sign-in cannot be enabled when NODE_ENV=production (it lets anyone sign in as anyone); unset DEV_SIGN_IN and configure real providers',
    );
  }
  if (env.NODE_ENV === 'production' && env.LOG_PRETTY === 'true')
    problems.push('LOG_PRETTY: readable logs are for development; production logs are JSON (unset LOG_PRETTY)');
  const publicBaseUrl = (env.PUBLIC_BASE_URL ?? `http://127.0.0.1:${env.PORT}`).replace(/\/+$/, '');
  const https = publicBaseUrl.startsWith('https://');
  const allowInsecure = env.ALLOW_INSECURE_COOKIES === 'true';
  if (env.NODE_ENV === 'production' && !https && !allowInsecure) {
    problems.push(
      'PUBLIC_BASE_URL: must be https:// in production (session cookies are Secure); set ALLOW_INSECURE_COOKIES=true only behind a loopback proxy or for a local run',
    );
  }
  if (env.CHECKPOINT_SIGNING_KEY) {
    try {
      privateKeyFrom(env.CHECKPOINT_SIGNING_KEY);
    } catch (err) {
      problems.push(`CHECKPOINT_SIGNING_KEY: ${err instanceof NoteError ? err.message : 'must be a base64 32-byte Ed25519 seed or a PKCS8 PEM private key'}`);
    }
  } else if (env.NODE_ENV === 'production')
    problems.push(
      "CHECKPOINT_SIGNING_KEY: is required in production (the Ed25519 key that signs the hash-chained logs' checkpoints: a base64 32-byte seed or a PKCS8 PEM)",
    );
  const auditorEmails = env.CHECKPOINT_AUDITOR_EMAIL.split(',')
    .map((e) => e.trim().toLowerCase())
    .filter(Boolean);
  if (auditorEmails.some((e) => !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(e))) problems.push('CHECKPOINT_AUDITOR_EMAIL: holds an entry that is not an email address');
  if (env.SESSION_ABSOLUTE_LIFETIME_S < env.SESSION_IDLE_TIMEOUT_S) problems.push('SESSION_ABSOLUTE_LIFETIME_S: must be at least SESSION_IDLE_TIMEOUT_S');
  if (env.SESSION_TOUCH_INTERVAL_S >= env.SESSION_IDLE_TIMEOUT_S) problems.push('SESSION_TOUCH_INTERVAL_S: must be shorter than SESSION_IDLE_TIMEOUT_S');
  const imap = imapConfig(env, problems);
  if (env.SUPPORT_ADDRESS && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(env.SUPPORT_ADDRESS)) problems.push('SUPPORT_ADDRESS: must be an email address');
  if (problems.length) throw new ConfigError(problems);
  return Object.assign(new AppConfig(), {
    nodeEnv: env.NODE_ENV,
    port: env.PORT,
    publicBaseUrl,
    publicOrigin: new URL(publicBaseUrl).origin,
    mongodbUri: env.MONGODB_URI,
    redisUrl: env.REDIS_URL,
    queuePrefix: env.QUEUE_PREFIX,
    queueLockMs: env.QUEUE_LOCK_MS,
    sessionSecret: env.SESSION_SECRET,
    hashSecret: env.HASH_SECRET,
    smtpUrl: env.SMTP_URL,
    mailFrom: env.MAIL_FROM,
    retentionDays: env.RETENTION_DAYS,
    erasureBatchSize: env.ERASURE_BATCH_SIZE,
    residueAudit: { pageSize: env.RESIDUE_AUDIT_PAGE_SIZE, pauseMs: env.RESIDUE_AUDIT_PAUSE_MS },
    adminEmails,
    logLevel: env.LOG_LEVEL,
    bodyLimit: env.BODY_LIMIT,
    trustProxy: env.TRUST_PROXY === 'true',
    sessions: {
      idleTimeoutS: env.SESSION_IDLE_TIMEOUT_S,
      absoluteLifetimeS: env.SESSION_ABSOLUTE_LIFETIME_S,
      touchIntervalS: env.SESSION_TOUCH_INTERVAL_S,
      secureCookie: https || (env.NODE_ENV === 'production' && !allowInsecure),
    },
    redis: { commandTimeoutMs: env.REDIS_COMMAND_TIMEOUT_MS },
    metricsToken: env.METRICS_TOKEN,
    rateLimits: { perMinute: env.RATE_LIMIT_PER_MINUTE, strictPerMinute: env.AUTH_RATE_LIMIT_PER_MINUTE, emailPerHour: env.EMAIL_RATE_LIMIT_PER_HOUR },
    database: { retryAttempts: env.DB_RETRY_ATTEMPTS, serverSelectionTimeoutMs: env.DB_SERVER_SELECTION_TIMEOUT_MS, bufferTimeoutMs: env.DB_BUFFER_TIMEOUT_MS },
    providers,
    checkpoints: {
      signingKey: env.CHECKPOINT_SIGNING_KEY,
      dir: path.resolve(env.CHECKPOINT_DIR),
      origin: env.CHECKPOINT_ORIGIN ?? `${new URL(publicBaseUrl).host}/rightsdesk`,
      auditorEmails,
    },
    cron: {
      chainCheckpoint: env.CHECKPOINT_CRON,
      auditVerify: env.AUDIT_VERIFY_CRON,
      outboxSweep: env.OUTBOX_SWEEP_CRON,
      outboxPrune: env.OUTBOX_PRUNE_CRON,
      retentionScan: env.RETENTION_CRON,
      residueSweep: env.RESIDUE_SWEEP_CRON,
      residueAudit: env.RESIDUE_AUDIT_CRON,
      billingPrune: env.BILLING_PRUNE_CRON,
      testimonialsReconfirm: env.TESTIMONIAL_RECONFIRM_CRON,
      requestsExpire: env.REQUESTS_EXPIRE_CRON,
      requestsDigest: env.REQUESTS_DIGEST_CRON,
      requestsPrune: env.REQUESTS_PRUNE_CRON,
      transfersSuccessor: env.TRANSFERS_SUCCESSOR_CRON,
      transfersReminders: env.TRANSFERS_REMINDER_CRON,
      transfersVerify: env.TRANSFERS_VERIFY_CRON,
    },
    requests: {
      verifyHours: env.REQUESTS_VERIFY_HOURS,
      accessLinkDays: env.REQUESTS_ACCESS_LINK_DAYS,
      retentionYears: env.REQUESTS_RETENTION_YEARS,
      perEmailPerHour: env.REQUESTS_PER_EMAIL_PER_HOUR,
      perIpPerHour: env.REQUESTS_PER_IP_PER_HOUR,
      maxVerifyAttempts: env.REQUESTS_MAX_VERIFY_ATTEMPTS,
      digestTo: env.REQUESTS_DIGEST_TO.split(',')
        .map((e) => e.trim().toLowerCase())
        .filter(Boolean),
    },
    billing: {
      retentionYears: env.BILLING_RETENTION_YEARS,
      apiKeys: env.BILLING_API_KEYS.split(',')
        .filter(Boolean)
        .map((p) => {
          const [name, key] = p.trim().split(':');
          return { name, key };
        }),
    },
    notifications: { policyNoticeDays: env.POLICY_NOTICE_DAYS, sentRetentionDays: env.SENT_MESSAGE_RETENTION_DAYS },
    devSignIn: env.DEV_SIGN_IN === 'true',
    // Readable lines in development at a terminal (or when asked); JSON everywhere else.
    logPretty: env.NODE_ENV === 'development' && (env.LOG_PRETTY === 'true' || (env.LOG_PRETTY === undefined && !!process.stdout.isTTY)),
    mailbox: {
      imap,
      supportAddress: env.SUPPORT_ADDRESS?.toLowerCase(),
      pollCron: env.MAILBOX_POLL_CRON,
      processedFolder: env.MAILBOX_PROCESSED_FOLDER,
      ignoredFolder: env.MAILBOX_IGNORED_FOLDER,
      maxMessageBytes: env.MAILBOX_MAX_MESSAGE_BYTES,
      maxTextChars: env.MAILBOX_MAX_TEXT_CHARS,
      batchSize: env.MAILBOX_BATCH_SIZE,
      acksPerSenderPerHour: env.MAILBOX_ACKS_PER_SENDER_PER_HOUR,
      claimLeaseMs: env.MAILBOX_CLAIM_LEASE_MS,
    },
    testimonials: {
      reconfirmDays: env.TESTIMONIAL_RECONFIRM_DAYS,
      graceDays: env.TESTIMONIAL_RECONFIRM_GRACE_DAYS,
      linkDays: env.TESTIMONIAL_CONSENT_LINK_DAYS,
    },
    minors: {
      defaultAge: 13,
      ageByCountry: Object.fromEntries(
        env.MINOR_AGE_BY_COUNTRY.split(',')
          .map((p) => p.trim())
          .filter(Boolean)
          .map((p) => [p.split(':')[0].toUpperCase(), Number(p.split(':')[1])]),
      ),
      blockDays: env.MINOR_BLOCK_DAYS,
      reportDays: env.MINOR_REPORT_DAYS,
      timeZone: env.MINOR_TIME_ZONE,
      pruneCron: env.MINORS_PRUNE_CRON,
      resumeCron: env.MINORS_RESUME_CRON,
    },
    transfers: {
      maxSubjectsPerTransfer: env.TRANSFERS_MAX_SUBJECTS,
      reminderDays: env.TRANSFERS_REMINDER_DAYS,
      maxReminders: env.TRANSFERS_MAX_REMINDERS,
    },
  });
}
