import type { Request } from 'express';
import { pageLocale, PAGE_LOCALES, withLang } from '../../../core/http/views/locale';
import { compileView } from '../../../core/http/views/view-engine';
import type { ProviderName } from '../schemas/identity.schema';
import { IDENTITY_MESSAGES } from './identity.messages';

const signInView = compileView<{ providers: { href: string; label: string; name: string }[]; linking: boolean; devSignIn: boolean }>(`
<h1>{{t "signin.title"}}</h1>
{{#if devSignIn}}<p role="note" id="dev-sign-in" style="background:#fff3cd;border:2px solid #b88700;padding:.75rem 1rem;border-radius:.4rem;font-weight:600">{{t "signin.dev"}}</p>{{/if}}
<p>{{#if linking}}{{t "signin.linking"}}{{else}}{{t "signin.lead"}}{{/if}}</p>
{{#if providers.length}}
<ul class="providers" style="list-style:none;padding:0;display:grid;gap:.75rem;max-width:22rem">
  {{#each providers}}<li><a class="button" data-provider="{{name}}" href="{{href}}" style="display:block;text-align:center">{{t "signin.with" provider=label}}</a></li>{{/each}}
</ul>
{{else}}<p role="status">{{t "signin.none"}}</p>{{/if}}
`);

const errorView = compileView<{ code: string; again: string }>(`
<h1>{{t "error.title"}}</h1>
<p role="alert" data-code="{{code}}">{{t (concat "error." code)}}</p>
<p><a class="button" href="{{again}}">{{t "error.again"}}</a></p>
`);

const existsView = compileView<{ provider: string; methods: { href: string; label: string; name: string }[] }>(`
<h1>{{t "exists.title"}}</h1>
<p role="alert" data-code="ACCOUNT_EXISTS">{{t "exists.lead" provider=provider}}</p>
{{#if methods.length}}
<p>{{t "exists.how" provider=provider}}</p>
<ul class="providers" style="list-style:none;padding:0;display:grid;gap:.75rem;max-width:22rem">
  {{#each methods}}<li><a class="button" data-provider="{{name}}" href="{{href}}" style="display:block;text-align:center">{{t "signin.with" provider=label}}</a></li>{{/each}}
</ul>
{{else}}<p>{{t "exists.none"}}</p>{{/if}}
<p>{{t "exists.notYou" provider=provider}}</p>
`);

const deletionView = compileView<{ code: string; received: string; state: string }>(`
<h1>{{t "deletion.title"}}</h1>
<p role="status" data-state="{{state}}">{{t (concat "deletion." state)}}</p>
<p>{{t "deletion.code" code=code received=received}}</p>
`);

function frame(req: Request, titleKey: string) {
  const lang = pageLocale(req, req.account);
  return {
    lang,
    messages: IDENTITY_MESSAGES[lang],
    titleKey,
    signedIn: !!req.account,
    langQuery: !req.account,
    langLinks: PAGE_LOCALES.map((code) => ({ code, href: withLang(req, code) })),
  };
}

export function renderSignIn(req: Request, providers: ProviderName[], opts: { next?: string; linking?: boolean; devSignIn?: boolean }): string {
  const lang = pageLocale(req, req.account);
  const q = new URLSearchParams();
  if (opts.linking) q.set('link', '1');
  if (opts.next) q.set('next', opts.next);
  const suffix = q.toString() ? `?${q}` : '';
  return signInView({
    ...frame(req, 'signin.title'),
    providers: providers.map((p) => ({ name: p, href: `/auth/${p}${suffix}`, label: IDENTITY_MESSAGES[lang][`provider.${p}`] })),
    linking: !!opts.linking,
    devSignIn: !!opts.devSignIn,
  });
}

export function renderSignInError(req: Request, code: string): string {
  return errorView({ ...frame(req, 'error.title'), code, again: '/signin' });
}

/** Keycloak's "account already exists": offers the existing account's own sign-in methods, which link this one. */
export function renderAccountExists(req: Request, provider: ProviderName, methods: ProviderName[]): string {
  const lang = pageLocale(req, req.account?.locale);
  const label = (p: ProviderName) => IDENTITY_MESSAGES[lang][`provider.${p}`];
  return existsView({
    ...frame(req, 'exists.title'),
    provider: label(provider),
    methods: methods.map((p) => ({ name: p, href: `/auth/${p}`, label: label(p) })),
  });
}

/** The status page of a Facebook data deletion request (the URL Meta shows the person). */
export function renderDeletionStatus(
  req: Request,
  status: { code: string; receivedAt: Date; state: 'no-data' | 'identity-removed' | 'in-progress' | 'completed' },
): string {
  return deletionView({ ...frame(req, 'deletion.title'), code: status.code, received: status.receivedAt.toISOString().slice(0, 10), state: status.state });
}
