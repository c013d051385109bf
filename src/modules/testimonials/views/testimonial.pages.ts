import { compileView, hbs } from '../../../core/http/views/view-engine';

/** One quote as it will appear (the fields shown are exactly those passed in `shown`). */
hbs.registerPartial(
  'testimonialQuote',
  `<figure class="card" style="margin:0 0 1rem"><blockquote style="font-size:1.15rem;margin:0 0 .5rem">“{{quote}}”</blockquote>
<figcaption>{{#if shown.name}}<strong>{{shown.name}}</strong>{{/if}}{{#if shown.jobTitle}}, {{shown.jobTitle}}{{/if}}{{#if shown.company}}, {{shown.company}}{{/if}}
{{#if disclosure}}<br><small class="muted" data-disclosure>{{disclosure}}</small>{{/if}}</figcaption></figure>`,
);

export interface QuoteModel {
  quote: string;
  shown: { name?: string; jobTitle?: string; company?: string };
  disclosure?: string;
}

export interface ConsentPageModel extends QuoteModel {
  id: string;
  token?: string;
  action: string;
  fields: { field: string; label: string; value: string; checked: boolean }[];
}

/** The decision page (email link, or My Profile): the exact text, how it appears, grant with a scope or decline. */
export const consentPage = compileView<ConsentPageModel>(`
<h1>{{t "consent.title"}}</h1>
<p class="lead">{{t "consent.lead"}}</p>
<h2>{{t "consent.preview"}}</h2>
{{> testimonialQuote}}
<p class="muted">{{t "consent.previewHint"}}</p>
<form method="post" action="{{action}}" class="card">
  <input type="hidden" name="_csrf" value="{{csrf}}">
  {{#if token}}<input type="hidden" name="token" value="{{token}}">{{/if}}
  <fieldset><legend>{{t "consent.show"}}</legend>
  {{#each fields}}<div class="check"><input type="checkbox" id="show-{{field}}" name="show" value="{{field}}"{{#if checked}} checked{{/if}}><label for="show-{{field}}">{{label}}: {{value}}</label></div>{{/each}}
  </fieldset>
  <div class="actions"><button class="btn" type="submit" name="decision" value="grant">{{t "consent.grant"}}</button>
  <button class="btn secondary" type="submit" name="decision" value="decline">{{t "consent.decline"}}</button></div>
</form>
`);

export const messagePage = compileView<{ messageKey: string; receiptId?: string; warn?: boolean }>(`
<h1>{{t titleKey}}</h1>
<p class="notice{{#if warn}} warn{{/if}}" role="status">{{t messageKey receiptId=receiptId}}</p>
`);

export const withdrawPage = compileView<QuoteModel & { action: string; token?: string }>(`
<h1>{{t "withdraw.title"}}</h1>
<p class="lead">{{t "withdraw.lead"}}</p>
{{> testimonialQuote}}
<form method="post" action="{{action}}"><input type="hidden" name="_csrf" value="{{csrf}}">{{#if token}}<input type="hidden" name="token" value="{{token}}">{{/if}}
<button class="btn danger" type="submit">{{t "withdraw.button"}}</button></form>
`);

export interface MinePageModel {
  notice?: string;
  items: (QuoteModel & { id: string; status: string; statusKey: string; decide: boolean; canWithdraw: boolean; fields: ConsentPageModel['fields'] })[];
  records: { at: string; eventKey: string; method: string; scope: string; receiptId: string; textSha256: string }[];
}

/** My testimonials (linked from My Profile): each quote, the decision form or the withdraw button, and every receipt. */
export const minePage = compileView<MinePageModel>(`
<h1>{{t "mine.title"}}</h1>
<p class="lead">{{t "mine.lead"}}</p>
{{#if notice}}<p class="notice" role="status">{{t notice}}</p>{{/if}}
{{#unless items.length}}<p>{{t "mine.none"}}</p>{{/unless}}
{{#each items}}
<section class="card" data-testimonial="{{id}}">
  <p><span class="label">{{t "mine.status"}}</span> <span class="tag" data-status="{{status}}">{{t statusKey}}</span></p>
  {{> testimonialQuote}}
  {{#if decide}}
  <form method="post" action="/profile/testimonials/{{id}}/consent"><input type="hidden" name="_csrf" value="{{@root.csrf}}">
    <fieldset><legend>{{t "consent.show"}}</legend>
    {{#each fields}}<div class="check"><input type="checkbox" id="show-{{../id}}-{{field}}" name="show" value="{{field}}"{{#if checked}} checked{{/if}}><label for="show-{{../id}}-{{field}}">{{label}}: {{value}}</label></div>{{/each}}
    </fieldset>
    <div class="actions"><button class="btn" type="submit" name="decision" value="grant">{{t "consent.grant"}}</button><button class="btn secondary" type="submit" name="decision" value="decline">{{t "consent.decline"}}</button></div>
  </form>
  {{/if}}
  {{#if canWithdraw}}<form method="post" action="/profile/testimonials/{{id}}/withdraw"><input type="hidden" name="_csrf" value="{{@root.csrf}}"><button class="btn danger" type="submit">{{t "withdraw.button"}}</button></form>{{/if}}
</section>
{{/each}}
<section class="card"><h2>{{t "mine.receipts"}}</h2>
{{#if records.length}}<div style="overflow-x:auto"><table><thead><tr><th scope="col">{{t "mine.when"}}</th><th scope="col">{{t "mine.event"}}</th><th scope="col">{{t "mine.method"}}</th><th scope="col">{{t "mine.scope"}}</th><th scope="col">{{t "mine.receipt"}}</th></tr></thead>
<tbody>{{#each records}}<tr><td>{{at}}</td><td>{{t eventKey}}</td><td>{{method}}</td><td>{{scope}}</td><td><code>{{receiptId}}</code><br><small class="muted">SHA-256 {{textSha256}}</small></td></tr>{{/each}}</tbody></table></div>
{{else}}<p>{{t "mine.noReceipts"}}</p>{{/if}}
</section>
<p><a href="/profile">{{t "mine.back"}}</a></p>
`);

export interface AgentListModel {
  notice?: string;
  error?: string;
  items: { id: string; quote: string; name: string; status: string; statusKey: string }[];
}

export const agentListPage = compileView<AgentListModel>(`
<h1>{{t "agent.title"}}</h1>
<p class="lead">{{t "agent.lead"}}</p>
{{#if error}}<p class="notice warn" role="alert">{{t "agent.error" code=error}}</p>{{/if}}
<form method="post" action="/agent/testimonials" class="card"><h2>{{t "agent.new"}}</h2><input type="hidden" name="_csrf" value="{{csrf}}">
  <div class="field"><label for="subjectId">{{t "agent.subjectId"}}</label><input type="text" id="subjectId" name="subjectId" required></div>
  <div class="field"><label for="quote">{{t "agent.quote"}}</label><input type="text" id="quote" name="quote" required maxlength="1000"></div>
  <div class="grid"><div class="field"><label for="name">{{t "field.name"}}</label><input type="text" id="name" name="name" required></div>
  <div class="field"><label for="jobTitle">{{t "field.jobTitle"}}</label><input type="text" id="jobTitle" name="jobTitle"></div>
  <div class="field"><label for="company">{{t "field.company"}}</label><input type="text" id="company" name="company"></div></div>
  <div class="field"><label for="materialConnection">{{t "agent.materialConnection"}}</label><input type="text" id="materialConnection" name="materialConnection"></div>
  <button class="btn" type="submit">{{t "agent.create"}}</button>
</form>
<section class="card"><h2>{{t "agent.list"}}</h2>
{{#if items.length}}<table><tbody>{{#each items}}<tr><td>“{{quote}}” — {{name}}</td><td><span class="tag" data-status="{{status}}">{{t statusKey}}</span></td><td><a href="/agent/testimonials/{{id}}">{{t "agent.open"}}</a></td></tr>{{/each}}</tbody></table>
{{else}}<p>{{t "agent.none"}}</p>{{/if}}</section>
`);

export interface AgentDetailModel extends QuoteModel {
  id: string;
  status: string;
  statusKey: string;
  textSha256: string;
  textVersion: number;
  notice?: string;
  error?: string;
  records: MinePageModel['records'];
}

export const agentDetailPage = compileView<AgentDetailModel>(`
<h1>{{t "agent.detail"}}</h1>
{{#if notice}}<p class="notice" role="status">{{t "agent.done"}}</p>{{/if}}
{{#if error}}<p class="notice warn" role="alert" data-code="{{error}}">{{t "agent.error" code=error}}</p>{{/if}}
<p><span class="tag" data-status="{{status}}">{{t statusKey}}</span> <small class="muted">{{t "agent.textHash" version=textVersion}}: <code>{{textSha256}}</code></small></p>
{{> testimonialQuote}}
<div class="actions">
<form method="post" action="/agent/testimonials/{{id}}/consent-request"><input type="hidden" name="_csrf" value="{{csrf}}"><button class="btn secondary" type="submit">{{t "agent.requestConsent"}}</button></form>
<form method="post" action="/agent/testimonials/{{id}}/publish"><input type="hidden" name="_csrf" value="{{csrf}}"><button class="btn" type="submit">{{t "agent.publish"}}</button></form>
<form method="post" action="/agent/testimonials/{{id}}/remove"><input type="hidden" name="_csrf" value="{{csrf}}"><button class="btn secondary" type="submit">{{t "agent.remove"}}</button></form>
<form method="post" action="/agent/testimonials/{{id}}/withdraw"><input type="hidden" name="_csrf" value="{{csrf}}"><button class="btn danger" type="submit">{{t "agent.withdraw"}}</button></form>
</div>
<section class="card"><h2>{{t "mine.receipts"}}</h2>
{{#if records.length}}<table><tbody>{{#each records}}<tr><td>{{at}}</td><td>{{t eventKey}}</td><td>{{method}}</td><td>{{scope}}</td><td><code>{{receiptId}}</code></td></tr>{{/each}}</tbody></table>{{else}}<p>{{t "mine.noReceipts"}}</p>{{/if}}
</section>
<p><a href="/agent/testimonials">{{t "agent.list"}}</a></p>
`);

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The embeddable fragment for the marketing site (an iframe): no frame, no scripts, inline styles only. */
export function embedFragment(
  lang: 'en' | 'nb',
  title: string,
  items: { id: string; quote: string; name?: string; jobTitle?: string; company?: string; disclosure?: string }[],
): string {
  const li = items
    .map((i) => {
      const who = [i.name, i.jobTitle, i.company]
        .filter(Boolean)
        .map((v) => escapeHtml(v!))
        .join(', ');
      return `<li class="t" data-id="${i.id}"><blockquote>“${escapeHtml(i.quote)}”</blockquote>${who ? `<p class="who">${who}</p>` : ''}${i.disclosure ? `<p class="disc">${escapeHtml(i.disclosure)}</p>` : ''}</li>`;
    })
    .join('');
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>body{margin:0;font-family:system-ui,sans-serif;color:#1d2330}ul{list-style:none;margin:0;padding:0;display:grid;gap:1rem}.t{border:1px solid #d5dae3;border-radius:8px;padding:1rem}blockquote{margin:0 0 .5rem;font-size:1.1rem}.who{margin:0;font-weight:600}.disc{margin:.25rem 0 0;color:#5a6475;font-size:.9rem}</style></head><body><section aria-label="${escapeHtml(title)}"><ul>${li}</ul></section></body></html>`;
}
