/**
 * A fake OAuth 2.0 / OpenID Connect provider speaking real HTTP on loopback, standing in for Google,
 * Facebook and LinkedIn in tests.
 *
 *   const idp = await FakeOAuthProvider.start();
 *   const api = await startApi({ env: idp.envFor(['google', 'facebook', 'linkedin']) });
 *   idp.nextUser = { sub: 'g-1', email: 'kari@example.no', email_verified: true, name: 'Kari Nordmann' };
 *   ... GET /auth/google on the app, follow the redirects (see sign-in.ts) ...
 *   await idp.stop();
 *
 * Endpoints: GET /authorize (auto-approves `nextUser`, or answers error=access_denied after denyNext()),
 * POST /token (client id/secret checked, codes single-use, PKCE S256 verified when a challenge was sent),
 * GET /userinfo (OIDC claims; Bearer header or access_token query), GET /me (Facebook Graph JSON:
 * id, name, email, age_range; appsecret_proof verified), GET /jwks (its RS256 signing key).
 *
 * For the OpenID Connect clients (google, linkedin) the token response carries an ID token signed with
 * that key: iss = the fake's URL, aud = the client id, the nonce of the authorization request,
 * auth_time = when /authorize ran. `tamperNextIdToken({ aud, nonce, wrongKey, auth_time, ... })`
 * changes the next one; `now` is the provider's clock (point it at the app's ManualClock).
 */
import { createHash, createHmac, generateKeyPairSync, KeyObject, randomBytes } from 'node:crypto';
import { exportJWK, SignJWT } from 'jose';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type ProviderName = 'google' | 'facebook' | 'linkedin';

export interface FakeUser {
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
  given_name?: string;
  family_name?: string;
  age_range?: { min?: number; max?: number };
  /** Facebook's `birthday` (MM/DD/YYYY) */
  birthday?: string;
}

export interface IdTokenTampering {
  aud?: string;
  iss?: string;
  nonce?: string | null;
  sub?: string;
  /** seconds since epoch */
  exp?: number;
  auth_time?: number;
  /** signed with a key the JWKS does not publish */
  wrongKey?: boolean;
  /** no id_token in the token response */
  omit?: boolean;
}

interface IssuedCode {
  clientId: string;
  redirectUri: string;
  challenge?: string;
  method?: string;
  user: FakeUser;
  used: boolean;
  nonce?: string;
  authTime: number;
  prompt?: string;
  maxAge?: string;
}

export const FAKE_CLIENTS: Record<ProviderName, { id: string; secret: string }> = {
  google: { id: 'google-client', secret: 'google-secret' },
  facebook: { id: 'facebook-client', secret: 'facebook-secret' },
  linkedin: { id: 'linkedin-client', secret: 'linkedin-secret' },
};

export class FakeOAuthProvider {
  nextUser: FakeUser = { sub: 'user-1', email: 'user1@example.com', email_verified: true, name: 'User One' };
  /** Requests seen, for assertions (path and query only). */
  readonly seen: { method: string; path: string; query: Record<string, string>; body?: Record<string, string> }[] = [];
  /** The provider's clock (ID token iat/exp/auth_time) */
  now: () => Date = () => new Date();
  private denyOnce = false;
  private tamper?: IdTokenTampering;
  private readonly keys = { good: generateKeyPairSync('rsa', { modulusLength: 2048 }), bad: generateKeyPairSync('rsa', { modulusLength: 2048 }) };
  private readonly codes = new Map<string, IssuedCode>();
  private readonly tokens = new Map<string, { user: FakeUser; clientId: string }>();

  private constructor(
    private readonly server: http.Server,
    readonly url: string,
  ) {}

  static async start(): Promise<FakeOAuthProvider> {
    let self: FakeOAuthProvider | undefined;
    const server = http.createServer((req, res) => {
      self!.handle(req, res).catch((err) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'server_error', error_description: String(err) }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    self = new FakeOAuthProvider(server, `http://127.0.0.1:${port}`);
    return self;
  }

  /** Environment variables that enable these providers against this fake. */
  envFor(providers: ProviderName[] = ['google', 'facebook', 'linkedin']): Record<string, string> {
    const env: Record<string, string> = {};
    for (const p of providers) {
      const key = p.toUpperCase();
      env[`${key}_CLIENT_ID`] = FAKE_CLIENTS[p].id;
      env[`${key}_CLIENT_SECRET`] = FAKE_CLIENTS[p].secret;
      env[`${key}_AUTHORIZATION_URL`] = `${this.url}/authorize`;
      env[`${key}_TOKEN_URL`] = `${this.url}/token`;
      env[p === 'facebook' ? 'FACEBOOK_PROFILE_URL' : `${key}_USERINFO_URL`] = p === 'facebook' ? `${this.url}/me` : `${this.url}/userinfo`;
      if (p !== 'facebook') {
        env[`${key}_JWKS_URL`] = `${this.url}/jwks`;
        env[`${key}_ISSUER`] = this.url;
      }
    }
    return env;
  }

  /** The next ID token is issued with these changes. */
  tamperNextIdToken(t: IdTokenTampering): void {
    this.tamper = t;
  }

  /** The next authorization is refused by the "user" (error=access_denied). */
  denyNext(): void {
    this.denyOnce = true;
  }

  stop(): Promise<void> {
    return new Promise((r) => {
      this.server.closeAllConnections();
      this.server.close(() => r());
    });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const u = new URL(req.url ?? '/', this.url);
    const query = Object.fromEntries(u.searchParams);
    const body = req.method === 'POST' ? await readForm(req) : undefined;
    this.seen.push({ method: req.method ?? 'GET', path: u.pathname, query, body });
    if (req.method === 'GET' && u.pathname === '/authorize') return this.authorize(query, res);
    if (req.method === 'POST' && u.pathname === '/token') return this.token(req, body ?? {}, res);
    if (req.method === 'GET' && u.pathname === '/userinfo') return this.userinfo(req, query, res);
    if (req.method === 'GET' && u.pathname === '/me') return this.graphMe(query, res);
    if (req.method === 'GET' && u.pathname === '/jwks')
      return json(res, 200, { keys: [{ ...(await exportJWK(this.keys.good.publicKey)), kid: 'fake-1', alg: 'RS256', use: 'sig' }] });
    json(res, 404, { error: 'not_found' });
  }

  private authorize(q: Record<string, string>, res: http.ServerResponse): void {
    const client = Object.values(FAKE_CLIENTS).find((c) => c.id === q.client_id);
    if (!client || !q.redirect_uri || q.response_type !== 'code') return json(res, 400, { error: 'invalid_request' });
    const back = new URL(q.redirect_uri);
    if (q.state !== undefined) back.searchParams.set('state', q.state);
    if (this.denyOnce) {
      this.denyOnce = false;
      back.searchParams.set('error', 'access_denied');
      back.searchParams.set('error_description', 'The user denied access');
    } else {
      const code = randomBytes(12).toString('hex');
      this.codes.set(code, {
        clientId: q.client_id,
        redirectUri: q.redirect_uri,
        challenge: q.code_challenge,
        method: q.code_challenge_method,
        user: { ...this.nextUser },
        used: false,
        nonce: q.nonce,
        authTime: Math.floor(this.now().getTime() / 1000),
        prompt: q.prompt,
        maxAge: q.max_age,
      });
      back.searchParams.set('code', code);
    }
    res.writeHead(302, { location: back.toString() });
    res.end();
  }

  private async idToken(clientId: string, issued: IssuedCode): Promise<string | undefined> {
    const t = this.tamper ?? {};
    this.tamper = undefined;
    if (t.omit) return undefined;
    const iat = Math.floor(this.now().getTime() / 1000);
    const u = issued.user;
    const claims: Record<string, unknown> = { email: u.email, email_verified: u.email_verified, name: u.name, auth_time: t.auth_time ?? issued.authTime };
    const nonce = t.nonce === undefined ? issued.nonce : t.nonce;
    if (nonce !== null && nonce !== undefined) claims.nonce = nonce;
    const key: KeyObject = t.wrongKey ? this.keys.bad.privateKey : this.keys.good.privateKey;
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'fake-1', typ: 'JWT' })
      .setIssuer(t.iss ?? this.url)
      .setAudience(t.aud ?? clientId)
      .setSubject(t.sub ?? u.sub)
      .setIssuedAt(iat)
      .setExpirationTime(t.exp ?? iat + 3600)
      .sign(key);
  }

  private async token(req: http.IncomingMessage, b: Record<string, string>, res: http.ServerResponse): Promise<void> {
    let clientId = b.client_id;
    let clientSecret = b.client_secret;
    const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
    if (basic) [clientId, clientSecret] = Buffer.from(basic[1], 'base64').toString().split(':').map(decodeURIComponent);
    const client = Object.values(FAKE_CLIENTS).find((c) => c.id === clientId);
    if (!client || client.secret !== clientSecret) return json(res, 401, { error: 'invalid_client' });
    if (b.grant_type !== 'authorization_code') return json(res, 400, { error: 'unsupported_grant_type' });
    const issued = this.codes.get(b.code);
    if (!issued || issued.used || issued.clientId !== clientId)
      return json(res, 400, { error: 'invalid_grant', error_description: 'code is invalid or was already used' });
    issued.used = true;
    if (issued.redirectUri !== b.redirect_uri) return json(res, 400, { error: 'invalid_grant', error_description: 'redirect_uri mismatch' });
    if (issued.challenge) {
      const expected =
        issued.method === 'S256'
          ? createHash('sha256')
              .update(b.code_verifier ?? '')
              .digest('base64url')
          : b.code_verifier;
      if (!b.code_verifier || expected !== issued.challenge) return json(res, 400, { error: 'invalid_grant', error_description: 'PKCE verification failed' });
    }
    const accessToken = randomBytes(16).toString('hex');
    this.tokens.set(accessToken, { user: issued.user, clientId });
    const idToken = clientId === FAKE_CLIENTS.facebook.id ? undefined : await this.idToken(clientId, issued);
    json(res, 200, { access_token: accessToken, token_type: 'Bearer', expires_in: 3600, ...(idToken ? { id_token: idToken } : {}) });
  }

  private bearer(req: http.IncomingMessage, q: Record<string, string>): string | undefined {
    const h = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    return h?.[1] ?? q.access_token ?? q.oauth2_access_token;
  }

  private userinfo(req: http.IncomingMessage, q: Record<string, string>, res: http.ServerResponse): void {
    const t = this.tokens.get(this.bearer(req, q) ?? '');
    if (!t) return json(res, 401, { error: 'invalid_token' });
    const u = t.user;
    json(res, 200, { sub: u.sub, email: u.email, email_verified: u.email_verified, name: u.name, given_name: u.given_name, family_name: u.family_name });
  }

  private graphMe(q: Record<string, string>, res: http.ServerResponse): void {
    const t = this.tokens.get(q.access_token ?? '');
    if (!t) return json(res, 401, { error: { message: 'Invalid OAuth access token', type: 'OAuthException', code: 190 } });
    const secret = FAKE_CLIENTS.facebook.secret;
    if (q.appsecret_proof !== createHmac('sha256', secret).update(q.access_token).digest('hex')) {
      return json(res, 400, { error: { message: 'Invalid appsecret_proof', type: 'GraphMethodException', code: 100 } });
    }
    const fields = (q.fields ?? 'id,name').split(',');
    const u = t.user;
    const all: Record<string, unknown> = {
      id: u.sub,
      name: u.name,
      email: u.email,
      age_range: u.age_range,
      birthday: u.birthday,
      first_name: u.given_name,
      last_name: u.family_name,
    };
    json(res, 200, Object.fromEntries(fields.filter((f) => all[f] !== undefined).map((f) => [f, all[f]])));
  }
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function readForm(req: http.IncomingMessage): Promise<Record<string, string>> {
  return new Promise((resolve) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      if ((req.headers['content-type'] ?? '').includes('json')) {
        try {
          return resolve(JSON.parse(raw));
        } catch {
          return resolve({});
        }
      }
      resolve(Object.fromEntries(new URLSearchParams(raw)));
    });
  });
}
