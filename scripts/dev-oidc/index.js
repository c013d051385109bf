'use strict';
// Development sign-in: a real OpenID Provider (oidc-provider) on loopback that stands in for Google,
// LinkedIn (OIDC userinfo claims) and Facebook (a Graph-style profile URL answering id, name, email),
// reached through the app's ordinary endpoint overrides (GOOGLE_AUTHORIZATION_URL etc.). Started only by
// `npm run dev` (scripts/dev.js) when NODE_ENV is not production; the app itself never loads this file,
// and refuses to boot in production with DEV_SIGN_IN=true. Every page it shows says "development sign-in".
const crypto = require('node:crypto');
const http = require('node:http');
const { URL } = require('node:url');

const PROVIDERS = ['google', 'facebook', 'linkedin'];
const LABEL = { google: 'Google', facebook: 'Facebook', linkedin: 'LinkedIn' };

/** People to pick from; anyone else can be typed in. */
const DEMO_PEOPLE = [
  // the people `npm run cli -- demo:seed` creates (src/modules/demo/demo-people.ts)
  { name: 'Kari Nordmann', email: 'kari.nordmann@example.test', verified: true, note: 'customer, Norwegian, full profile' },
  { name: 'Alex Smith', email: 'alex.smith@example.test', verified: true, note: 'customer' },
  { name: 'Ola Nordmann', email: 'ola.nordmann@example.test', verified: true, note: 'customer, account closed (grace period)' },
  { name: 'Sam Support', email: 'sam.support@example.test', verified: true, note: 'support agent' },
  { name: 'Ada Admin', email: 'ada.admin@example.test', verified: true, note: 'admin' },
  // and one a provider did not verify
  { name: 'Uma Unverified', email: 'uma.unverified@example.test', verified: false, note: 'new person' },
];

const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

function page(title, body) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)} · development sign-in</title>
<style>body{font-family:system-ui,sans-serif;color:#1d2330;max-width:40rem;margin:2rem auto;padding:0 1rem}
.banner{background:#fff3cd;border:2px solid #b88700;padding:.75rem 1rem;border-radius:.4rem;font-weight:600}
button{font:inherit;padding:.5rem 1rem;border-radius:.3rem;border:1px solid #3b4a6b;background:#2f5bd3;color:#fff;cursor:pointer}
ul{list-style:none;padding:0;display:grid;gap:.5rem}label{display:block;margin:.6rem 0 .2rem}
input[type=text],input[type=email]{font:inherit;padding:.4rem;width:100%;max-width:24rem}
fieldset{border:1px solid #c7cedb;border-radius:.4rem;margin-top:1.5rem}</style></head>
<body><p class="banner" role="note">Development sign-in: a stand-in for Google, Facebook and LinkedIn on this machine. Nobody is really signed in anywhere; never use this in production.</p>
${body}</body></html>`;
}

function readForm(req) {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (d) => {
      data += d;
      if (data.length > 10000) req.destroy(new Error('form too large'));
    });
    req.on('end', () => resolve(Object.fromEntries(new URLSearchParams(data))));
    req.on('error', reject);
  });
}

function listen(server, port) {
  return new Promise((resolve, reject) => {
    const onError = (err) => {
      server.off('listening', onListening);
      if (err.code === 'EADDRINUSE' && port !== 0) resolve(listen(server, 0));
      else reject(err);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve(server.address().port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, '127.0.0.1');
  });
}

/**
 * Starts the development provider.
 * @param {{ port?: number, redirectBase: string }} opts redirectBase: the app's PUBLIC_BASE_URL
 * @returns {Promise<{ url: string, env: Record<string,string>, stop: () => Promise<void> }>}
 */
async function startDevOidc(opts) {
  if (process.env.NODE_ENV === 'production') throw new Error('development sign-in never runs with NODE_ENV=production');
  const { default: Provider, interactionPolicy } = await import('oidc-provider');
  // Ask who you are at every sign-in (a demo person is picked each time), not only without a session.
  const policy = interactionPolicy.base();
  policy.get('login').checks.add(new interactionPolicy.Check('dev_pick_person', 'development sign-in asks which demo person signs in', (ctx) => !ctx.oidc.result?.login));
  const people = new Map(); // sub -> { name, email, verified }
  const secrets = Object.fromEntries(PROVIDERS.map((p) => [p, crypto.randomBytes(24).toString('hex')]));
  const server = http.createServer();
  const port = await listen(server, opts.port ?? 0);
  const issuer = `http://127.0.0.1:${port}`;
  // The app's address can be given later (setRedirectBase), so the provider is made at the first request.
  let redirectBase = opts.redirectBase;
  let provider;
  let callback;
  const makeProvider = () => {
    provider = new Provider(issuer, {
      clients: PROVIDERS.map((p) => ({
        client_id: `dev-${p}`,
        client_secret: secrets[p],
        client_name: `RightsDesk (${LABEL[p]} stand-in)`,
        redirect_uris: [`${redirectBase}/auth/${p}/callback`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        // passport-oauth2 sends the client secret in the form body
        token_endpoint_auth_method: 'client_secret_post',
      })),
      // its own signing key for this run (no built-in development keys)
      jwks: {
        keys: [
          {
            ...crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }),
            use: 'sig',
            kid: 'dev-sign-in',
          },
        ],
      },
      cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
      claims: {
        openid: ['sub'],
        email: ['email', 'email_verified'],
        profile: ['name', 'given_name', 'family_name'],
      },
      scopes: ['openid', 'email', 'profile'],
      features: { devInteractions: { enabled: false } },
      interactions: {
        policy,
        url: (_ctx, interaction) => `/interaction/${interaction.uid}`,
      },
      async findAccount(_ctx, sub) {
        const person = people.get(sub);
        if (!person) return undefined;
        return {
          accountId: sub,
          async claims() {
            const [given, ...rest] = person.name.split(/\s+/);
            return {
              sub,
              email: person.email,
              email_verified: person.verified,
              name: person.name,
              given_name: given,
              family_name: rest.join(' ') || undefined,
            };
          },
        };
      },
      async renderError(ctx, out) {
        ctx.type = 'html';
        ctx.body = page(
          'Sign-in error',
          `<h1>Development sign-in: something went wrong</h1><p role="alert">${esc(out.error)}: ${esc(out.error_description)}</p><p><a href="${esc(redirectBase)}/signin">Back to the sign-in page</a></p>`,
        );
      },
      ttl: {
        Session: 8 * 3600,
        Interaction: 3600,
        Grant: 8 * 3600,
        AccessToken: 3600,
        AuthorizationCode: 600,
        IdToken: 3600,
      },
    });
    provider.proxy = false;
    callback = provider.callback();
  };

  const interactionPage = (uid, clientId, error) => {
    const p = clientId.replace(/^dev-/, '');
    const demo = DEMO_PEOPLE.map(
      (d, i) => `<li><form method="post" action="/interaction/${esc(uid)}/login">
<input type="hidden" name="name" value="${esc(d.name)}"><input type="hidden" name="email" value="${esc(d.email)}"><input type="hidden" name="verified" value="${d.verified ? 'yes' : 'no'}">
<button type="submit" data-person="${i}">${esc(d.name)} &lt;${esc(d.email)}&gt; ${d.verified ? '(email verified)' : '(email not verified)'}</button> <small>${esc(d.note)}</small></form></li>`,
    );
    return page(
      `Sign in as a demo person`,
      `<h1>Development sign-in (${esc(LABEL[p] ?? p)} stand-in)</h1>
<p>Pick a demo person, or type one. What you choose here is what ${esc(LABEL[p] ?? p)} would tell RightsDesk about you.</p>
${error ? `<p role="alert" style="color:#a4161a">${esc(error)}</p>` : ''}
<ul>${demo.join('')}</ul>
<form method="post" action="/interaction/${esc(uid)}/login"><fieldset><legend>Someone else</legend>
<label for="name">Name</label><input id="name" name="name" type="text" autocomplete="off" required>
<label for="email">Email</label><input id="email" name="email" type="email" autocomplete="off" required>
<label><input id="verified" name="verified" type="checkbox" value="yes" checked> The provider says this email is verified</label>
<p><button type="submit" id="sign-in-as">Sign in as this person</button></p></fieldset></form>
<form method="post" action="/interaction/${esc(uid)}/abort"><p><button type="submit" style="background:#fff;color:#1d2330">Cancel (deny consent)</button></p></form>`,
    );
  };

  server.on('request', async (req, res) => {
    if (!provider) makeProvider();
    const url = new URL(req.url, issuer);
    const send = (status, html) => {
      res.writeHead(status, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
      });
      res.end(html);
    };
    try {
      let m;
      if (req.method === 'GET' && url.pathname === '/') {
        return send(
          200,
          page(
            'Development sign-in',
            `<h1>Development sign-in</h1><p>This OpenID Provider stands in for ${PROVIDERS.map((p) => LABEL[p]).join(', ')} while you develop. Start from <a href="${esc(redirectBase)}/signin">the sign-in page</a>.</p>`,
          ),
        );
      }
      // Facebook's dialog asks for `email` only; send it on as an ordinary authorization request.
      if (req.method === 'GET' && url.pathname === '/facebook/dialog/oauth') {
        const q = new URLSearchParams(url.search);
        q.set('scope', 'openid email profile');
        if (!q.get('response_type')) q.set('response_type', 'code');
        res.writeHead(302, { location: `/auth?${q}` });
        return res.end();
      }
      // Graph-style profile: /me?fields=...&access_token=...&appsecret_proof=...
      if (req.method === 'GET' && url.pathname === '/facebook/me') {
        const token = url.searchParams.get('access_token') || (req.headers.authorization || '').replace(/^Bearer\s+/i, '');
        const at = token ? await provider.AccessToken.find(token) : undefined;
        const proof = url.searchParams.get('appsecret_proof');
        const expected = token ? crypto.createHmac('sha256', secrets.facebook).update(token).digest('hex') : '';
        if (!at || at.clientId !== 'dev-facebook' || proof !== expected) {
          res.writeHead(400, { 'content-type': 'application/json' });
          return res.end(
            JSON.stringify({
              error: {
                message: 'Invalid OAuth access token or appsecret_proof (development sign-in)',
                type: 'OAuthException',
                code: 190,
              },
            }),
          );
        }
        const person = people.get(at.accountId);
        res.writeHead(200, { 'content-type': 'application/json' });
        // Facebook never says whether an email is verified, and sends it only when there is one.
        return res.end(
          JSON.stringify({
            id: at.accountId,
            name: person?.name,
            ...(person?.email ? { email: person.email } : {}),
          }),
        );
      }
      if ((m = /^\/interaction\/([\w-]+)$/.exec(url.pathname)) && req.method === 'GET') {
        const details = await provider.interactionDetails(req, res);
        return send(200, interactionPage(details.uid, details.params.client_id));
      }
      if ((m = /^\/interaction\/([\w-]+)\/login$/.exec(url.pathname)) && req.method === 'POST') {
        const details = await provider.interactionDetails(req, res);
        const form = await readForm(req);
        const name = String(form.name || '')
          .trim()
          .slice(0, 200);
        const email = String(form.email || '')
          .trim()
          .toLowerCase()
          .slice(0, 254);
        if (!name || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) return send(400, interactionPage(details.uid, details.params.client_id, 'Enter a name and an email address.'));
        const clientId = details.params.client_id;
        const sub = `dev-${crypto.createHash('sha256').update(`${clientId}\n${email}`).digest('hex').slice(0, 24)}`;
        people.set(sub, { name, email, verified: form.verified === 'yes' });
        const grant = details.grantId ? await provider.Grant.find(details.grantId) : new provider.Grant({ accountId: sub, clientId });
        grant.addOIDCScope(String(details.params.scope || 'openid'));
        const grantId = await grant.save();
        return provider.interactionFinished(req, res, { login: { accountId: sub }, consent: { grantId } }, { mergeWithLastSubmission: false });
      }
      if ((m = /^\/interaction\/([\w-]+)\/abort$/.exec(url.pathname)) && req.method === 'POST') {
        return provider.interactionFinished(
          req,
          res,
          {
            error: 'access_denied',
            error_description: 'The person cancelled (development sign-in).',
          },
          { mergeWithLastSubmission: false },
        );
      }
      // passport's OAuth2 client sends the userinfo token as a query parameter too; the provider wants the header.
      if (url.pathname === '/me' && url.searchParams.has('access_token')) {
        req.headers.authorization = `Bearer ${url.searchParams.get('access_token')}`;
        url.searchParams.delete('access_token');
        req.url = `${url.pathname}${url.search}`;
      }
      return callback(req, res);
    } catch (err) {
      if (!res.headersSent)
        send(
          400,
          page(
            'Sign-in error',
            `<h1>Development sign-in: this sign-in cannot go on</h1><p role="alert">${esc(err.message)}</p><p><a href="${esc(redirectBase)}/signin">Start again from the sign-in page</a></p>`,
          ),
        );
    }
  });

  const env = { DEV_SIGN_IN: 'true' };
  for (const p of PROVIDERS) {
    const K = p.toUpperCase();
    env[`${K}_CLIENT_ID`] = `dev-${p}`;
    env[`${K}_CLIENT_SECRET`] = secrets[p];
    env[`${K}_TOKEN_URL`] = `${issuer}/token`;
    if (p === 'facebook') {
      env.FACEBOOK_AUTHORIZATION_URL = `${issuer}/facebook/dialog/oauth`;
      env.FACEBOOK_PROFILE_URL = `${issuer}/facebook/me`;
    } else {
      env[`${K}_AUTHORIZATION_URL`] = `${issuer}/auth`;
      env[`${K}_USERINFO_URL`] = `${issuer}/me`;
      // its ID tokens are checked like a real provider's: signed with this run's key, issued by it
      env[`${K}_JWKS_URL`] = `${issuer}/jwks`;
      env[`${K}_ISSUER`] = issuer;
    }
  }
  return {
    url: issuer,
    /** the env vars that point the app at this provider (only for providers without a client id) */
    envFor(names) {
      const out = { DEV_SIGN_IN: 'true' };
      for (const [k, v] of Object.entries(env)) if (names.some((n) => k.startsWith(`${n.toUpperCase()}_`))) out[k] = v;
      return out;
    },
    setRedirectBase(url) {
      if (provider) throw new Error('setRedirectBase: the provider has served requests already');
      redirectBase = url.replace(/\/+$/, '');
    },
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    server,
  };
}

module.exports = { startDevOidc, PROVIDERS, DEMO_PEOPLE };
