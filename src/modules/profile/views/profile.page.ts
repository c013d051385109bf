import { compileView } from '../../../core/http/views/view-engine';

export interface FieldModel {
  name: string;
  label: string;
  value?: string;
  error?: string;
  hint?: string;
  type?: string;
  autocomplete?: string;
  optional?: boolean;
  readonly?: boolean;
  maxlength?: number;
  /** Takes a row of its own */
  wide?: boolean;
  options?: { value: string; label: string; selected: boolean }[];
}

export interface ProfilePageModel {
  csrf: string;
  version: number;
  notices: string[];
  warnings: string[];
  errorSummary: { href: string; message: string }[];
  details: FieldModel[];
  company: FieldModel[];
  postal: FieldModel[];
  billing: FieldModel[];
  email: { current?: string; field: FieldModel; pending?: { email: string; until: string } };
  marketing: { available: boolean; consent: boolean };
  language: FieldModel;
  linked: { available: boolean; items: { label: string; since?: string; unlinkAction?: string }[]; linkable: { label: string; href: string }[] };
  /** Where the person is signed in (filled after the page model is built) */
  sessions?: {
    available: boolean;
    items: { device?: string; started: string; lastSeen: string; current: boolean; endAction?: string }[];
    othersAction?: string;
  };
  history: { when: string; fields: string; who: string }[];
  close: { days: number; error?: string };
  /** Material privacy policy changes not yet acknowledged (a banner each, until acknowledged) */
  policyChanges?: { version: string; summary: string; effective: string; action: string }[];
  /** Successor events (merger, acquisition) not yet acknowledged: a banner each, until acknowledged */
  successorNotices?: { successor: string; country: string; effective: string; categories: string; action: string }[];
}

const FIELDS = `{{#each this}}{{#if options}}{{> select}}{{else}}{{> field}}{{/if}}{{/each}}`;

/** GET /profile: every section of My Profile; plain forms that work without JavaScript. */
export const profilePage = compileView<ProfilePageModel>(`
<h1>{{t "profile.title"}}</h1>
<p class="lead">{{t "profile.lead"}}</p>
{{#each policyChanges}}
<section class="notice policy" role="region" aria-labelledby="policy-{{@index}}-title">
  <h2 id="policy-{{@index}}-title">{{t "policy.banner.title" effective=effective}}</h2>
  <p>{{summary}}</p>
  <form method="post" action="{{action}}">
    <input type="hidden" name="_csrf" value="{{../csrf}}">
    <button type="submit">{{t "policy.banner.acknowledge"}}</button>
  </form>
</section>
{{/each}}
{{#each successorNotices}}
<section class="notice warn successor" role="region" aria-labelledby="successor-{{@index}}-title" data-successor-banner>
  <h2 id="successor-{{@index}}-title">{{t "successor.banner.title" successor=successor effective=effective}}</h2>
  <p>{{t "successor.banner.body" successor=successor country=country effective=effective categories=categories}} <a href="/profile/recipients">{{t "successor.banner.more"}}</a></p>
  <p>{{t "successor.banner.close"}} <a href="#close-title">{{t "successor.banner.closeLink"}}</a></p>
  <form method="post" action="{{action}}">
    <input type="hidden" name="_csrf" value="{{../csrf}}">
    <button type="submit">{{t "successor.banner.acknowledge"}}</button>
  </form>
</section>
{{/each}}
{{#each notices}}<div class="notice" role="status">{{this}}</div>{{/each}}
{{#each warnings}}<div class="notice warn" role="alert">{{this}}</div>{{/each}}
{{#if errorSummary.length}}
<div class="summary" role="alert" aria-labelledby="summary-title" tabindex="-1" id="error-summary">
  <h2 id="summary-title">{{t "profile.summary.title"}}</h2>
  <p>{{t "profile.summary.lead"}}</p>
  <ul>{{#each errorSummary}}<li><a href="{{href}}">{{message}}</a></li>{{/each}}</ul>
</div>
{{/if}}

<section class="card" aria-labelledby="details-title">
  <h2 id="details-title">{{t "details.title"}}</h2>
  <form method="post" action="/profile" novalidate>
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <input type="hidden" name="version" value="{{version}}">
    <div class="grid two">{{#with details}}${FIELDS}{{/with}}</div>
    <fieldset><legend>{{t "company.legend"}}</legend><div class="grid">{{#with company}}${FIELDS}{{/with}}</div></fieldset>
    <fieldset><legend>{{t "postal.legend"}}</legend><div class="grid">{{#with postal}}${FIELDS}{{/with}}</div></fieldset>
    <fieldset><legend>{{t "billing.legend"}}</legend><p class="hint">{{t "billing.hint"}}</p><div class="grid">{{#with billing}}${FIELDS}{{/with}}</div></fieldset>
    <p class="muted">{{t "source.lockedNote"}}</p>
    <div class="actions"><button class="btn" type="submit">{{t "details.save"}}</button></div>
  </form>
</section>

<section class="card" aria-labelledby="email-title">
  <h2 id="email-title">{{t "email.title"}}</h2>
  <dl class="kv"><dt>{{t "email.current"}}</dt><dd id="current-email">{{#if email.current}}{{email.current}}{{else}}<span class="muted">{{t "email.none"}}</span>{{/if}}</dd></dl>
  {{#if email.pending}}<p class="notice warn" role="status">{{t "email.pending" email=email.pending.email until=email.pending.until}}</p>{{/if}}
  <form method="post" action="/profile/email" novalidate>
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <p class="hint">{{t "email.hint"}}</p>
    {{#with email.field}}{{> field}}{{/with}}
    <p class="muted">{{t "email.reauth"}}</p>
    <div class="actions"><button class="btn secondary" type="submit">{{t "email.submit"}}</button></div>
  </form>
</section>

<section class="card" aria-labelledby="marketing-title">
  <h2 id="marketing-title">{{t "marketing.title"}}</h2>
  {{#if marketing.available}}
  <form method="post" action="/profile/marketing">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <input type="hidden" name="marketing" value="no">
    <div class="check"><input type="checkbox" id="marketing" name="marketing" value="yes"{{#if marketing.consent}} checked{{/if}} aria-describedby="marketing-hint">
      <div><label for="marketing">{{t "marketing.label"}}</label><span class="hint" id="marketing-hint">{{t "marketing.hint"}}</span></div></div>
    <div class="actions"><button class="btn secondary" type="submit">{{t "marketing.save"}}</button></div>
  </form>
  {{else}}<p class="muted">{{t "marketing.unavailable"}}</p>{{/if}}
</section>

<section class="card" aria-labelledby="language-title">
  <h2 id="language-title">{{t "language.title"}}</h2>
  <form method="post" action="/profile/language">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    {{#with language}}{{> select}}{{/with}}
    <div class="actions"><button class="btn secondary" type="submit">{{t "language.save"}}</button></div>
  </form>
</section>

<section class="card" id="linked-accounts" aria-labelledby="linked-title">
  <h2 id="linked-title">{{t "linked.title"}}</h2>
  {{#if linked.available}}
  <p>{{t "linked.lead"}}</p>
  {{#if linked.items.length}}
  <ul>{{#each linked.items}}<li><strong>{{label}}</strong>{{#if since}} <span class="muted">({{t "linked.since" date=since}})</span>{{/if}}
    {{#if unlinkAction}}<form method="post" action="{{unlinkAction}}" style="display:inline"><input type="hidden" name="_csrf" value="{{@root.csrf}}"><button class="btn secondary" type="submit">{{t "linked.unlink" provider=label}}</button></form>{{/if}}</li>{{/each}}</ul>
  {{else}}<p class="muted">{{t "linked.none"}}</p>{{/if}}
  {{#if linked.linkable.length}}<div class="actions">{{#each linked.linkable}}<a class="btn secondary" href="{{href}}">{{t "linked.link" provider=label}}</a>{{/each}}</div>{{/if}}
  {{else}}<p class="muted">{{t "linked.unavailable"}}</p>{{/if}}
</section>

<section class="card" id="sessions" aria-labelledby="sessions-title">
  <h2 id="sessions-title">{{t "sessions.title"}}</h2>
  {{#if sessions.available}}
  <p>{{t "sessions.lead"}}</p>
  <ul>{{#each sessions.items}}<li><strong>{{#if device}}{{device}}{{else}}{{t "sessions.unknownDevice"}}{{/if}}</strong>{{#if current}} <span class="badge">{{t "sessions.current"}}</span>{{/if}}
    <span class="muted">{{t "sessions.times" started=started lastSeen=lastSeen}}</span>
    {{#if endAction}}<form method="post" action="{{endAction}}" style="display:inline"><input type="hidden" name="_csrf" value="{{@root.csrf}}"><button class="btn secondary" type="submit">{{t "sessions.end"}}</button></form>{{/if}}</li>{{/each}}</ul>
  {{#if sessions.othersAction}}<form method="post" action="{{sessions.othersAction}}"><input type="hidden" name="_csrf" value="{{csrf}}"><div class="actions"><button class="btn secondary" type="submit">{{t "sessions.endOthers"}}</button></div></form>{{/if}}
  {{else}}<p class="muted">{{t "sessions.unavailable"}}</p>{{/if}}
</section>

<section class="card" aria-labelledby="data-title">
  <h2 id="data-title">{{t "data.title"}}</h2>
  <p>{{t "data.lead"}}</p>
  <div class="actions">
    <a class="btn" id="download-json" href="/api/profile/export" download>{{t "data.json"}}</a>
    <a class="btn secondary" href="/profile/export">{{t "data.html"}}</a>
  </div>
</section>

<section class="card" aria-labelledby="history-title">
  <h2 id="history-title">{{t "history.title"}}</h2>
  <p class="hint">{{t "history.lead"}}</p>
  {{#if history.length}}
  <table>
    <thead><tr><th scope="col">{{t "history.when"}}</th><th scope="col">{{t "history.fields"}}</th><th scope="col">{{t "history.who"}}</th></tr></thead>
    <tbody>{{#each history}}<tr><td>{{when}}</td><td>{{fields}}</td><td>{{who}}</td></tr>{{/each}}</tbody>
  </table>
  {{else}}<p class="muted">{{t "history.none"}}</p>{{/if}}
</section>

<section class="card danger" aria-labelledby="close-title">
  <h2 id="close-title">{{t "close.title"}}</h2>
  <p>{{t "close.lead" days=close.days}}</p>
  <form method="post" action="/profile/close">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <div class="field{{#if close.error}} has-error{{/if}}">
      {{#if close.error}}<span class="error" id="confirm-close-error">{{close.error}}</span>{{/if}}
      <div class="check"><input type="checkbox" id="confirm-close" name="confirm" value="yes" required{{#if close.error}} aria-invalid="true" aria-describedby="confirm-close-error"{{/if}}>
      <label for="confirm-close">{{t "close.confirm" days=close.days}}</label></div>
    </div>
    <div class="actions"><button class="btn danger" type="submit">{{t "close.submit"}}</button></div>
  </form>
</section>
`);

/** GET /profile for a closed account in its grace period: only cancelling is possible. */
export const closedPage = compileView<{ csrf: string; terminatedAt: string; purgeAfter: string; notices: string[] }>(`
<h1>{{t "closed.title"}}</h1>
{{#each notices}}<div class="notice" role="status">{{this}}</div>{{/each}}
<section class="card danger" aria-labelledby="cancel-title">
  <p>{{t "closed.lead" terminatedAt=terminatedAt purgeAfter=purgeAfter}}</p>
  <h2 id="cancel-title">{{t "closed.cancelLead"}}</h2>
  <form method="post" action="/profile/close/cancel">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <div class="actions"><button class="btn" type="submit">{{t "closed.cancel"}}</button></div>
  </form>
</section>
`);
