import { compileView } from '../../../core/http/views/view-engine';
import type { RequestView } from '../request-view';
import { MAIL_MESSAGES } from './request-mail.pages';

export const MESSAGES = {
  en: {
    'new.title': 'Ask about your data',
    'new.lead':
      'Ask whether we hold data about you, for a copy, a correction or erasure, or to stop marketing. No account needed: we email you a link to confirm the address.',
    'f.type': 'What do you ask for?',
    'f.email': 'Your email address',
    'f.details': 'Details',
    'f.details.hint': 'What is it about? Where did you give us your data?',
    'f.child': 'The child’s email address',
    'f.submit': 'Send the request',
    'type.access': 'A copy of my data',
    'type.confirmation': 'Do you hold data about me?',
    'type.erasure': 'Erase my data',
    'type.rectification': 'Correct my data',
    'type.objection': 'Stop using my data for marketing',
    'type.child_report': 'Report a child under 13',
    'sent.title': 'Check your email',
    'sent.body': 'If the address is right, an email with a confirmation link is on its way. The request goes ahead once you open it.',
    'verify.title': 'Confirm your request',
    'verify.body': 'Confirm that this address is yours to send the request.',
    'verify.submit': 'Confirm',
    'verify.done': 'Thank you: your request is confirmed. We have emailed you its due date and a link to follow it.',
    'verify.bad': 'This link is unknown, used or expired. Send the request again.',
    'status.title': 'Your request',
    'status.type': 'Request',
    'status.status': 'Status',
    'status.due': 'We answer by',
    'status.extended': 'Deadline extended',
    'status.reason': 'Why',
    'status.outcome': 'Answer',
    'status.cancel': 'Withdraw the request',
    'access.title': 'Your copy of your data',
    'access.body': 'Open the copy of the data we hold about you.',
    'access.open': 'Show my data',
    'access.download': 'The data below is what we hold about you now.',
    'agent.title': 'Requests',
    'agent.filters': 'Filters',
    'agent.all': 'All',
    'agent.apply': 'Show',
    'agent.due': 'Due',
    'agent.soon': 'Due within 7 days',
    'agent.overdue': 'Overdue',
    'agent.none': 'No requests match.',
    'agent.created': 'Received',
    'agent.channel': 'Channel',
    'agent.assignee': 'Assignee',
    'req.title': 'Request',
    'req.dueBanner': 'Due {date}',
    'req.overdue': 'Overdue since {date}',
    'req.timeline': 'Timeline',
    'req.notes': 'Add an internal note',
    'req.note.submit': 'Add note',
    'req.actions': 'Actions',
    'req.complete': 'Carry out and complete',
    'req.start': 'Start work',
    'req.assignMe': 'Assign to me',
    'req.extend': 'Extend by two months',
    'req.reject': 'Reject',
    'req.reason': 'Reason (sent to the requester)',
    'req.refer': 'Refer to the controller',
    'req.controller': 'Controller (our customer)',
    'req.email': 'Requester',
    'req.details': 'Details',
    'req.outcome': 'Outcome',
    'req.done': 'Done.',
    's.awaiting_verification': 'awaiting verification',
    's.verified': 'verified',
    's.in_progress': 'in progress',
    's.completed': 'completed',
    's.rejected': 'rejected',
    's.expired': 'expired',
    's.cancelled': 'cancelled',
  },
  nb: {
    'new.title': 'Spør om opplysningene dine',
    'new.lead':
      'Spør om vi har opplysninger om deg, be om en kopi, retting eller sletting, eller om at vi slutter med markedsføring. Du trenger ingen konto: vi sender deg en lenke for å bekrefte adressen.',
    'f.type': 'Hva ber du om?',
    'f.email': 'E-postadressen din',
    'f.details': 'Detaljer',
    'f.details.hint': 'Hva gjelder det? Hvor ga du oss opplysningene?',
    'f.child': 'Barnets e-postadresse',
    'f.submit': 'Send forespørselen',
    'type.access': 'En kopi av opplysningene mine',
    'type.confirmation': 'Har dere opplysninger om meg?',
    'type.erasure': 'Slett opplysningene mine',
    'type.rectification': 'Rett opplysningene mine',
    'type.objection': 'Slutt å bruke opplysningene mine til markedsføring',
    'type.child_report': 'Meld fra om et barn under 13',
    'sent.title': 'Sjekk e-posten din',
    'sent.body': 'Er adressen riktig, er en e-post med en bekreftelseslenke på vei. Forespørselen går videre når du åpner den.',
    'verify.title': 'Bekreft forespørselen',
    'verify.body': 'Bekreft at adressen er din for å sende forespørselen.',
    'verify.submit': 'Bekreft',
    'verify.done': 'Takk: forespørselen er bekreftet. Vi har sendt deg fristen og en lenke for å følge den.',
    'verify.bad': 'Lenken er ukjent, brukt eller utløpt. Send forespørselen på nytt.',
    'status.title': 'Forespørselen din',
    'status.type': 'Forespørsel',
    'status.status': 'Status',
    'status.due': 'Vi svarer innen',
    'status.extended': 'Fristen er forlenget',
    'status.reason': 'Hvorfor',
    'status.outcome': 'Svar',
    'status.cancel': 'Trekk forespørselen',
    'access.title': 'Kopien av opplysningene dine',
    'access.body': 'Åpne kopien av opplysningene vi har om deg.',
    'access.open': 'Vis opplysningene mine',
    'access.download': 'Opplysningene under er det vi har om deg nå.',
    'agent.title': 'Forespørsler',
    'agent.filters': 'Filtre',
    'agent.all': 'Alle',
    'agent.apply': 'Vis',
    'agent.due': 'Frist',
    'agent.soon': 'Frist innen 7 dager',
    'agent.overdue': 'Over fristen',
    'agent.none': 'Ingen forespørsler passer.',
    'agent.created': 'Mottatt',
    'agent.channel': 'Kanal',
    'agent.assignee': 'Ansvarlig',
    'req.title': 'Forespørsel',
    'req.dueBanner': 'Frist {date}',
    'req.overdue': 'Over fristen siden {date}',
    'req.timeline': 'Tidslinje',
    'req.notes': 'Legg til et internt notat',
    'req.note.submit': 'Legg til notat',
    'req.actions': 'Handlinger',
    'req.complete': 'Gjennomfør og fullfør',
    'req.start': 'Start arbeidet',
    'req.assignMe': 'Tildel meg',
    'req.extend': 'Forleng med to måneder',
    'req.reject': 'Avslå',
    'req.reason': 'Begrunnelse (sendes til den som spør)',
    'req.refer': 'Henvis til behandlingsansvarlig',
    'req.controller': 'Behandlingsansvarlig (vår kunde)',
    'req.email': 'Avsender',
    'req.details': 'Detaljer',
    'req.outcome': 'Utfall',
    'req.done': 'Utført.',
    's.awaiting_verification': 'venter på bekreftelse',
    's.verified': 'bekreftet',
    's.in_progress': 'under arbeid',
    's.completed': 'fullført',
    's.rejected': 'avslått',
    's.expired': 'utløpt',
    's.cancelled': 'trukket',
  },
} as const;

const TYPES = ['access', 'confirmation', 'erasure', 'rectification', 'objection', 'child_report'];

export const newRequestPage = compileView<{ csrf: string; email?: string; locked?: boolean; error?: string; types: string[] }>(`
<h1>{{t "new.title"}}</h1><p class="lead">{{t "new.lead"}}</p>
{{#if error}}<div class="summary" role="alert"><p>{{error}}</p></div>{{/if}}
<form class="card" method="post" action="/requests/new">
<input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="locale" value="{{lang}}">
<fieldset><legend>{{t "f.type"}}</legend>{{#each types}}<div class="check"><input type="radio" id="type-{{this}}" name="type" value="{{this}}"{{#if @first}} checked{{/if}}><label for="type-{{this}}">{{t (concat "type." this)}}</label></div>{{/each}}</fieldset>
<div class="field"><label for="email">{{t "f.email"}}</label><input type="email" id="email" name="email" required autocomplete="email" value="{{email}}"{{#if locked}} readonly{{/if}}></div>
<div class="field"><label for="details">{{t "f.details"}} <span class="muted">({{t "form.optional"}})</span></label><span class="hint">{{t "f.details.hint"}}</span><input type="text" id="details" name="details" maxlength="5000"></div>
<div class="actions"><button class="btn" type="submit">{{t "f.submit"}}</button></div>
</form>`);

export const messagePage = compileView<{ heading: string; body: string }>(`<h1>{{t heading}}</h1><p class="notice" role="status">{{t body}}</p>`);

export const verifyPage = compileView<{ csrf: string; token: string }>(`
<h1>{{t "verify.title"}}</h1><form class="card" method="post" action="/requests/verify"><p>{{t "verify.body"}}</p>
<input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="token" value="{{token}}"><button class="btn" type="submit">{{t "verify.submit"}}</button></form>`);

export const statusPage = compileView<{ r: RequestView; due: string; csrf: string; token: string; open: boolean }>(`
<h1>{{t "status.title"}}</h1><div class="card"><dl class="kv">
<dt>{{t "status.type"}}</dt><dd>{{t (concat "type." r.type)}}</dd>
<dt>{{t "status.status"}}</dt><dd data-status="{{r.status}}">{{t (concat "s." r.status)}}</dd>
{{#if r.dueAt}}<dt>{{t "status.due"}}</dt><dd>{{due}}</dd>{{/if}}
{{#if r.extension}}<dt>{{t "status.extended"}}</dt><dd>{{t "status.reason"}}: {{r.extension.reason}}</dd>{{/if}}
{{#if r.outcome}}<dt>{{t "status.outcome"}}</dt><dd>{{r.outcome.summary}}</dd>{{/if}}
</dl>{{#if open}}<form method="post" action="/requests/status/cancel"><input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="token" value="{{token}}"><button class="btn secondary" type="submit">{{t "status.cancel"}}</button></form>{{/if}}</div>`);

export const accessPage = compileView<{ csrf: string; token: string; json?: string }>(`
<h1>{{t "access.title"}}</h1>
{{#if json}}<p class="lead">{{t "access.download"}}</p><pre data-export>{{json}}</pre>{{else}}
<form class="card" method="post" action="/requests/access"><p>{{t "access.body"}}</p><input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="token" value="{{token}}"><button class="btn" type="submit">{{t "access.open"}}</button></form>{{/if}}`);

export const queuePage = compileView<{
  items: (RequestView & { due: string; overdue: boolean })[];
  counts: Record<string, number>;
  q: Record<string, string | undefined>;
  statuses: string[];
  types: string[];
}>(`
<h1>{{t "agent.title"}}</h1>
<p class="actions"><a class="tag" href="/agent/requests?status=needs_triage">{{t "s.needs_triage"}}: {{counts.needs_triage}}</a><span class="tag">{{t "s.awaiting_verification"}}: {{counts.awaiting_verification}}</span><span class="tag">{{t "s.verified"}}: {{counts.verified}}</span><span class="tag">{{t "s.in_progress"}}: {{counts.in_progress}}</span><a href="/agent/requests?due=soon">{{t "agent.soon"}}: {{counts.nearDue}}</a><a href="/agent/requests?due=overdue">{{t "agent.overdue"}}: {{counts.overdue}}</a></p>
<form class="card grid" method="get" action="/agent/requests" aria-label="{{t "agent.filters"}}">
<div class="field"><label for="status">{{t "status.status"}}</label><select id="status" name="status"><option value="">{{t "agent.all"}}</option>{{#each statuses}}<option value="{{this}}"{{#if (eq this ../q.status)}} selected{{/if}}>{{t (concat "s." this)}}</option>{{/each}}</select></div>
<div class="field"><label for="type">{{t "status.type"}}</label><select id="type" name="type"><option value="">{{t "agent.all"}}</option>{{#each types}}<option value="{{this}}"{{#if (eq this ../q.type)}} selected{{/if}}>{{t (concat "type." this)}}</option>{{/each}}</select></div>
<div class="field"><label for="due">{{t "agent.due"}}</label><select id="due" name="due"><option value="">{{t "agent.all"}}</option><option value="soon"{{#if (eq q.due "soon")}} selected{{/if}}>{{t "agent.soon"}}</option><option value="overdue"{{#if (eq q.due "overdue")}} selected{{/if}}>{{t "agent.overdue"}}</option></select></div>
<div class="field"><label for="assignee">{{t "agent.assignee"}}</label><input type="text" id="assignee" name="assignee" value="{{q.assignee}}"></div>
<div class="actions wide"><button class="btn" type="submit">{{t "agent.apply"}}</button></div></form>
{{#if items.length}}<div class="card" style="overflow-x:auto"><table><thead><tr><th>{{t "status.type"}}</th><th>{{t "status.status"}}</th><th>{{t "agent.due"}}</th><th>{{t "agent.channel"}}</th><th>{{t "agent.created"}}</th></tr></thead><tbody>
{{#each items}}<tr data-request="{{id}}"><td><a href="/agent/requests/{{id}}">{{t (concat "type." type)}}</a></td><td>{{t (concat "s." status)}}</td><td>{{#if overdue}}<strong class="error">{{due}}</strong>{{else}}{{due}}{{/if}}</td><td>{{channel}}</td><td>{{createdAt}}</td></tr>{{/each}}
</tbody></table></div>{{else}}<p class="notice">{{t "agent.none"}}</p>{{/if}}`);

export const requestPage = compileView<{ r: RequestView; due: string; overdue: boolean; csrf: string; open: boolean; notice?: string }>(`
<h1>{{t "req.title"}}: {{t (concat "type." r.type)}}</h1>
{{#if notice}}<p class="notice" role="status">{{t "req.done"}}</p>{{/if}}
{{#if r.dueAt}}<p class="notice{{#if overdue}} warn{{/if}}" data-due-banner>{{#if overdue}}{{t "req.overdue" date=due}}{{else}}{{t "req.dueBanner" date=due}}{{/if}}{{#if r.extension}} · {{t "status.extended"}}: {{r.extension.reason}}{{/if}}</p>{{/if}}
<div class="card"><dl class="kv"><dt>{{t "status.status"}}</dt><dd data-status="{{r.status}}">{{t (concat "s." r.status)}}</dd><dt>{{t "req.email"}}</dt><dd>{{r.email}}</dd><dt>{{t "agent.channel"}}</dt><dd>{{r.channel}}{{#if r.reference}} · {{r.reference}}{{/if}}</dd>
{{#if r.alsoRequested.length}}<dt>+</dt><dd>{{#each r.alsoRequested}}{{t (concat "type." this)}} {{/each}}</dd>{{/if}}
{{#if r.duplicateOf}}<dt>=</dt><dd><a href="/agent/requests/{{r.duplicateOf}}">{{r.duplicateOf}}</a></dd>{{/if}}
<dt>{{t "req.details"}}</dt><dd>{{r.details}}</dd><dt>{{t "agent.assignee"}}</dt><dd>{{r.assignee}}</dd>{{#if r.outcome}}<dt>{{t "req.outcome"}}</dt><dd>{{r.outcome.summary}}</dd>{{/if}}</dl></div>
{{#if open}}<section class="card" aria-labelledby="actions-h"><h2 id="actions-h">{{t "req.actions"}}</h2>
<div class="actions">
<form method="post" action="/agent/requests/{{r.id}}/complete"><input type="hidden" name="_csrf" value="{{csrf}}"><button class="btn" type="submit" data-action="complete">{{t "req.complete"}}</button></form>
{{#if (eq r.status "verified")}}<form method="post" action="/agent/requests/{{r.id}}/start"><input type="hidden" name="_csrf" value="{{csrf}}"><button class="btn secondary" type="submit">{{t "req.start"}}</button></form>{{/if}}
</div>
<form method="post" action="/agent/requests/{{r.id}}/extend"><input type="hidden" name="_csrf" value="{{csrf}}"><div class="field"><label for="ext-reason">{{t "req.reason"}}</label><input type="text" id="ext-reason" name="reason" required minlength="3"></div><button class="btn secondary" type="submit">{{t "req.extend"}}</button> <button class="btn danger" type="submit" formaction="/agent/requests/{{r.id}}/reject">{{t "req.reject"}}</button></form>
<form method="post" action="/agent/requests/{{r.id}}/complete" style="margin-top:1rem"><input type="hidden" name="_csrf" value="{{csrf}}"><div class="field"><label for="controller">{{t "req.controller"}}</label><input type="text" id="controller" name="referTo" required minlength="2"></div><button class="btn secondary" type="submit">{{t "req.refer"}}</button></form>
</section>{{/if}}
{{> request-mail-panel}}
<section class="card"><h2>{{t "req.timeline"}}</h2><ol>{{#each r.timeline}}<li><span class="muted">{{at}}</span> <span class="tag">{{kind}}</span> {{what}}{{#if text}}: {{text}}{{/if}} <span class="muted">({{by}})</span></li>{{/each}}</ol>
<form method="post" action="/agent/requests/{{r.id}}/notes"><input type="hidden" name="_csrf" value="{{csrf}}"><div class="field"><label for="note">{{t "req.notes"}}</label><input type="text" id="note" name="text" required></div><button class="btn secondary" type="submit">{{t "req.note.submit"}}</button></form></section>`);

Object.assign(MESSAGES.en, MAIL_MESSAGES.en);
Object.assign(MESSAGES.nb, MAIL_MESSAGES.nb);

export { TYPES };
