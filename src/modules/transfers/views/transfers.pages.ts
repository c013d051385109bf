import { compileView } from '../../../core/http/views/view-engine';

export interface Row {
  name: string;
  kindKey: string;
  country: string;
  categories: string;
  when: string;
  why: string;
  basis: string;
}

export interface SuccessorBanner {
  eventId: string;
  successor: string;
  country: string;
  date: string;
  categories: string;
}

export interface MinePageModel {
  csrf: string;
  banners: SuccessorBanner[];
  rows: Row[];
  told: { recipient: string; causeKey: string; sent: string; ack?: string }[];
}

/** The successor banner: prominent, until acknowledged; links to closing the account. */
const BANNERS = `{{#each banners}}
<section class="notice warn successor" role="region" aria-labelledby="successor-{{@index}}-title" data-successor-banner="{{eventId}}">
  <h2 id="successor-{{@index}}-title">{{t "successor.banner.title" successor=successor date=date}}</h2>
  <p>{{t "successor.banner.body" successor=successor country=country date=date categories=categories}}</p>
  <p>{{t "successor.banner.close"}} <a href="/profile#close-title">{{t "successor.banner.closeLink"}}</a></p>
  <form method="post" action="/profile/recipients/successor/{{eventId}}/acknowledge">
    <input type="hidden" name="_csrf" value="{{../csrf}}">
    <button type="submit">{{t "successor.banner.ack"}}</button>
  </form>
</section>
{{/each}}`;

/** GET /profile/recipients: who received my data, who was told of my corrections and erasures. */
export const minePage = compileView<MinePageModel>(`
${BANNERS}
<h1>{{t "mine.title"}}</h1>
<p class="lead">{{t "mine.lead"}}</p>
<section class="card" aria-labelledby="rec-title">
  <h2 id="rec-title" class="visually-hidden">{{t "mine.title"}}</h2>
  {{#if rows.length}}
  <div style="overflow-x:auto"><table data-recipients>
    <thead><tr><th scope="col">{{t "col.recipient"}}</th><th scope="col">{{t "col.kind"}}</th><th scope="col">{{t "col.country"}}</th><th scope="col">{{t "col.categories"}}</th><th scope="col">{{t "col.when"}}</th><th scope="col">{{t "col.why"}}</th><th scope="col">{{t "col.basis"}}</th></tr></thead>
    <tbody>{{#each rows}}<tr><td>{{name}}</td><td>{{t kindKey}}</td><td>{{country}}</td><td>{{categories}}</td><td>{{when}}</td><td>{{why}}</td><td>{{basis}}</td></tr>{{/each}}</tbody>
  </table></div>
  {{else}}<p class="notice">{{t "mine.none"}}</p>{{/if}}
</section>
<section class="card" aria-labelledby="told-title">
  <h2 id="told-title">{{t "mine.told.title"}}</h2>
  <p>{{t "mine.told.lead"}}</p>
  {{#if told.length}}
  <table data-told>
    <thead><tr><th scope="col">{{t "col.recipient"}}</th><th scope="col">{{t "col.cause"}}</th><th scope="col">{{t "col.sent"}}</th><th scope="col">{{t "col.ack"}}</th></tr></thead>
    <tbody>{{#each told}}<tr><td>{{recipient}}</td><td>{{t causeKey}}</td><td>{{sent}}</td><td>{{#if ack}}{{ack}}{{else}}–{{/if}}</td></tr>{{/each}}</tbody>
  </table>
  {{else}}<p class="muted">{{t "mine.told.none"}}</p>{{/if}}
</section>
`);

export interface AckPageModel {
  recipient: string;
  subjectId: string;
  causeKey: string;
  action: string;
  token: string;
  done?: boolean;
  acknowledgedOn?: string;
}

/** The recipient's acknowledgement page behind the notice's link (a GET shows it; only the button's POST acknowledges). */
export const ackPage = compileView<AckPageModel>(`
<h1>{{t "ack.title"}}</h1>
<p class="lead">{{t "ack.lead" recipient=recipient subjectId=subjectId cause=(t causeKey)}}</p>
{{#if done}}<div class="notice" role="status">{{t "ack.done"}}</div>{{/if}}
{{#if acknowledgedOn}}<p class="notice">{{t "ack.already" date=acknowledgedOn}}</p>{{else}}
<form method="post" action="{{action}}">
  <input type="hidden" name="token" value="{{token}}">
  <button type="submit">{{t "ack.button"}}</button>
</form>{{/if}}
`);

const ADMIN_NAV = `<p class="muted"><a href="/admin/recipients">{{t "admin.recipients.title"}}</a> · <a href="/admin/transfers">{{t "admin.log.title"}}</a> · <a href="/admin/successor-events">{{t "admin.successors.title"}}</a></p>`;

export interface Option {
  value: string;
  label: string;
  selected?: boolean;
}

export interface AdminRecipientsModel {
  csrf: string;
  items: { id: string; name: string; kindKey: string; country: string; mechanism: string; categories: string; noticeEmail: string; active: boolean }[];
  kinds: Option[];
  mechanisms: Option[];
  categories: Option[];
}

export const adminRecipientsPage = compileView<AdminRecipientsModel>(`
<h1>{{t "admin.recipients.title"}}</h1>
${ADMIN_NAV}
<div style="overflow-x:auto"><table data-recipients>
  <thead><tr><th scope="col">{{t "col.recipient"}}</th><th scope="col">{{t "col.kind"}}</th><th scope="col">{{t "col.country"}}</th><th scope="col">{{t "col.mechanism"}}</th><th scope="col">{{t "col.categories"}}</th><th scope="col">{{t "col.notice"}}</th><th scope="col">{{t "col.active"}}</th></tr></thead>
  <tbody>{{#each items}}<tr data-id="{{id}}"><td><a href="/admin/transfers?recipientId={{id}}">{{name}}</a></td><td>{{t kindKey}}</td><td>{{country}}</td><td>{{mechanism}}</td><td>{{categories}}</td><td>{{noticeEmail}}</td><td>{{#if active}}{{t "yes"}}{{else}}{{t "no"}}{{/if}}</td></tr>{{/each}}</tbody>
</table></div>
<section class="card" aria-labelledby="new-title">
  <h2 id="new-title">{{t "admin.recipients.new"}}</h2>
  <form method="post" action="/admin/recipients">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <div class="grid two">
      <div class="field"><label for="r-name">{{t "field.name"}}</label><input id="r-name" name="name" required maxlength="200"></div>
      <div class="field"><label for="r-kind">{{t "field.kind"}}</label><select id="r-kind" name="kind">{{#each kinds}}<option value="{{value}}">{{label}}</option>{{/each}}</select></div>
      <div class="field"><label for="r-country">{{t "field.country"}}</label><input id="r-country" name="country" required maxlength="2"></div>
      <div class="field"><label for="r-mechanism">{{t "field.mechanism"}}</label><select id="r-mechanism" name="mechanism">{{#each mechanisms}}<option value="{{value}}">{{label}}</option>{{/each}}</select></div>
      <div class="field wide"><label for="r-purposes">{{t "field.purposes"}}</label><input id="r-purposes" name="purposes" required></div>
      <div class="field"><label for="r-email">{{t "field.noticeEmail"}}</label><input id="r-email" name="noticeEmail" type="email" required></div>
      <div class="field"><label for="r-agreement">{{t "field.agreementRef"}}</label><input id="r-agreement" name="agreementRef"></div>
      <div class="field wide"><label for="r-legal">{{t "field.legalReference"}}</label><input id="r-legal" name="legalReference"></div>
    </div>
    <fieldset><legend>{{t "field.categories"}}</legend>{{#each categories}}<label><input type="checkbox" name="categories" value="{{value}}"> {{label}}</label> {{/each}}</fieldset>
    <button type="submit">{{t "form.save"}}</button>
  </form>
</section>
`);

export interface AdminLogModel {
  recipients: Option[];
  categories: Option[];
  from: string;
  to: string;
  items: {
    seq: number;
    at: string;
    recipient: string;
    type: string;
    subjects: number;
    categories: string;
    purpose: string;
    basis: string;
    initiator: string;
  }[];
  next?: string;
}

export const adminLogPage = compileView<AdminLogModel>(`
<h1>{{t "admin.log.title"}}</h1>
${ADMIN_NAV}
<form method="get" action="/admin/transfers" class="card">
  <div class="grid two">
    <div class="field"><label for="f-recipient">{{t "field.recipient"}}</label><select id="f-recipient" name="recipientId"><option value="">{{t "admin.log.any"}}</option>{{#each recipients}}<option value="{{value}}"{{#if selected}} selected{{/if}}>{{label}}</option>{{/each}}</select></div>
    <div class="field"><label for="f-category">{{t "field.category"}}</label><select id="f-category" name="category"><option value="">{{t "admin.log.any"}}</option>{{#each categories}}<option value="{{value}}"{{#if selected}} selected{{/if}}>{{label}}</option>{{/each}}</select></div>
    <div class="field"><label for="f-from">{{t "admin.log.from"}}</label><input id="f-from" name="from" type="date" value="{{from}}"></div>
    <div class="field"><label for="f-to">{{t "admin.log.to"}}</label><input id="f-to" name="to" type="date" value="{{to}}"></div>
  </div>
  <button type="submit">{{t "admin.log.filter"}}</button>
</form>
{{#if items.length}}
<div style="overflow-x:auto"><table data-log>
  <thead><tr><th scope="col">{{t "col.seq"}}</th><th scope="col">{{t "col.when"}}</th><th scope="col">{{t "col.recipient"}}</th><th scope="col">{{t "col.subjects"}}</th><th scope="col">{{t "col.categories"}}</th><th scope="col">{{t "col.why"}}</th><th scope="col">{{t "col.basis"}}</th><th scope="col">{{t "col.initiator"}}</th></tr></thead>
  <tbody>{{#each items}}<tr data-seq="{{seq}}"><td>{{seq}}</td><td>{{at}}</td><td>{{recipient}}</td><td>{{subjects}}</td><td>{{categories}}</td><td>{{purpose}}</td><td>{{basis}}</td><td>{{initiator}}</td></tr>{{/each}}</tbody>
</table></div>
{{else}}<p class="notice">{{t "admin.log.none"}}</p>{{/if}}
{{#if next}}<p><a href="{{next}}">→</a></p>{{/if}}
`);

export interface AdminSuccessorsModel {
  csrf: string;
  successors: Option[];
  categories: Option[];
  items: { id: string; successor: string; effective: string; status: string; notified: number; categories: string }[];
}

export const adminSuccessorsPage = compileView<AdminSuccessorsModel>(`
<h1>{{t "admin.successors.title"}}</h1>
${ADMIN_NAV}
<table data-events>
  <thead><tr><th scope="col">{{t "col.recipient"}}</th><th scope="col">{{t "col.effective"}}</th><th scope="col">{{t "col.categories"}}</th><th scope="col">{{t "col.status"}}</th><th scope="col">{{t "col.notified"}}</th></tr></thead>
  <tbody>{{#each items}}<tr data-id="{{id}}"><td>{{successor}}</td><td>{{effective}}</td><td>{{categories}}</td><td>{{status}}</td><td>{{notified}}</td></tr>{{/each}}</tbody>
</table>
<section class="card" aria-labelledby="new-title">
  <h2 id="new-title">{{t "admin.successors.new"}}</h2>
  <form method="post" action="/admin/successor-events">
    <input type="hidden" name="_csrf" value="{{csrf}}">
    <div class="grid two">
      <div class="field"><label for="s-recipient">{{t "field.recipient"}}</label><select id="s-recipient" name="recipientId">{{#each successors}}<option value="{{value}}">{{label}}</option>{{/each}}</select></div>
      <div class="field"><label for="s-date">{{t "field.effectiveAt"}}</label><input id="s-date" name="effectiveAt" type="date" required></div>
    </div>
    <fieldset><legend>{{t "field.categories"}}</legend>{{#each categories}}<label><input type="checkbox" name="categories" value="{{value}}"> {{label}}</label> {{/each}}</fieldset>
    <button type="submit">{{t "form.save"}}</button>
  </form>
</section>
`);
