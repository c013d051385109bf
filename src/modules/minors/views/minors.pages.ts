import { compileView } from '../../../core/http/views/view-engine';
import type { ReportView } from '../minor-reports.service';

export const MESSAGES = {
  en: {
    'age.title': 'Your date of birth',
    'age.lead': 'Before your account is ready, tell us your date of birth. We ask everyone this once.',
    'age.field': 'Date of birth',
    'age.submit': 'Continue',
    'age.error': 'Enter a real date in the past.',
    'age.done': 'Already answered: change your date of birth in My Profile.',
    'refused.title': 'We cannot open an account for you',
    'refused.body': 'You have been signed out and the information you gave us is being deleted. If you think this is wrong, contact support.',
    'privacy.title': 'Children’s privacy and data retention',
    'privacy.lead':
      'We do not knowingly collect personal information from children under {age}. When we learn that a child gave us data, we delete it and close the account. This page is generated from the same settings that run our deletion jobs.',
    'privacy.age.h': 'Who counts as a child',
    'privacy.age.default': 'Anyone under {age}, everywhere.',
    'privacy.age.country': 'In {country}: anyone under {age}.',
    'privacy.how.h': 'How we learn it',
    'privacy.how.body':
      'We ask for a date of birth when an account is first used and in My Profile; we read the age range Facebook gives us; a parent or guardian can report a child (the form “Report a child under 13”), and our support staff can report one. A reported account is suspended while we look into it, when the report names its address.',
    'privacy.kept.h': 'What we keep, why, for how long, and how it is deleted',
    'privacy.col.what': 'What',
    'privacy.col.why': 'Why',
    'privacy.col.how_long': 'How long',
    'privacy.col.deleted': 'How it is deleted',
    'privacy.r.account.what': 'Everything in a child’s account (profile, sign-ins, requests, messages)',
    'privacy.r.account.why': 'Nothing: we do not keep it',
    'privacy.r.account.long': 'Deleted at once when we learn it, without the {days}-day grace period other closed accounts get',
    'privacy.r.account.how':
      'The account is suspended and its sessions end at once; our erasure engine deletes its data (reason “minor”) and checks that nothing is left',
    'privacy.r.block.what': 'A keyed hash (HMAC) of the child’s email address and sign-in account ids; never the address itself',
    'privacy.r.block.why': 'So the same child cannot register again',
    'privacy.r.block.long': '{days} days after the removal',
    'privacy.r.block.how': 'A daily job deletes entries whose period is over (schedule: {cron})',
    'privacy.r.cookie.what': 'A cookie in the browser ({cookie}) holding only when it was set and a signature',
    'privacy.r.cookie.why': 'So another date of birth typed in the same browser is refused',
    'privacy.r.cookie.long': '{days} days',
    'privacy.r.cookie.how': 'The browser deletes it when it expires; you can delete it yourself',
    'privacy.r.report.what': 'A report: the reporter’s email address, what they wrote, and the child’s address',
    'privacy.r.report.why': 'To look into the report and tell the reporter the outcome',
    'privacy.r.report.long': 'Until decided; the child’s details go with the child’s account; the decision (outcome, reason, when) {days} days after it',
    'privacy.r.report.how': 'Erased with the child’s account; the same daily job deletes decided reports when their period is over',
    'privacy.r.check.what': 'For every account: whether the age screen was answered and which rule decided (not the date)',
    'privacy.r.check.why': 'So an account is not used before the age screen',
    'privacy.r.check.long': 'As long as the account',
    'privacy.r.check.how': 'Deleted with the account',
    'privacy.contact': 'Questions, or a child to report: use the request form or write to our support.',
    'agent.title': 'Reports about children',
    'agent.none': 'No reports.',
    'agent.source': 'From',
    'agent.status': 'Status',
    'agent.account': 'Account',
    'agent.reporter': 'Reporter',
    'agent.child': 'Named address',
    'agent.details': 'Details',
    'agent.reason': 'Reason',
    'agent.confirm': 'Confirm: remove the account',
    'agent.dismiss': 'Dismiss',
    'agent.suspended': 'suspended by the report',
    'agent.decided': 'Decided',
    'agent.done': 'Recorded.',
    's.open': 'open',
    's.confirmed': 'confirmed',
    's.dismissed': 'dismissed',
    'src.request': 'request desk',
    'src.agent': 'agent',
  },
  nb: {
    'age.title': 'Fødselsdatoen din',
    'age.lead': 'Før kontoen din er klar, ber vi deg oppgi fødselsdatoen din. Vi spør alle om dette én gang.',
    'age.field': 'Fødselsdato',
    'age.submit': 'Fortsett',
    'age.error': 'Skriv inn en ekte dato som har vært.',
    'age.done': 'Allerede besvart: endre fødselsdatoen i Min profil.',
    'refused.title': 'Vi kan ikke opprette en konto for deg',
    'refused.body': 'Du er logget ut, og opplysningene du ga oss blir slettet. Kontakt kundeservice hvis du mener dette er feil.',
    'privacy.title': 'Barns personvern og lagring av opplysninger',
    'privacy.lead':
      'Vi samler ikke bevisst inn personopplysninger fra barn under {age} år. Når vi får vite at et barn har gitt oss opplysninger, sletter vi dem og avslutter kontoen. Denne siden lages av de samme innstillingene som styrer slettejobbene våre.',
    'privacy.age.h': 'Hvem som regnes som barn',
    'privacy.age.default': 'Alle under {age} år, overalt.',
    'privacy.age.country': 'I {country}: alle under {age} år.',
    'privacy.how.h': 'Hvordan vi får vite det',
    'privacy.how.body':
      'Vi spør om fødselsdato første gang en konto brukes og i Min profil; vi leser aldersgruppen Facebook oppgir; en forelder eller verge kan melde fra om et barn (skjemaet «Meld fra om et barn under 13»), og kundeservice kan melde fra. En meldt konto sperres mens vi undersøker saken, når meldingen oppgir kontoens adresse.',
    'privacy.kept.h': 'Hva vi lagrer, hvorfor, hvor lenge og hvordan det slettes',
    'privacy.col.what': 'Hva',
    'privacy.col.why': 'Hvorfor',
    'privacy.col.how_long': 'Hvor lenge',
    'privacy.col.deleted': 'Hvordan det slettes',
    'privacy.r.account.what': 'Alt i et barns konto (profil, innlogginger, henvendelser, meldinger)',
    'privacy.r.account.why': 'Ingenting: vi beholder det ikke',
    'privacy.r.account.long': 'Slettes straks vi får vite det, uten fristen på {days} dager som andre avsluttede kontoer får',
    'privacy.r.account.how':
      'Kontoen sperres og øktene avsluttes straks; slettemotoren vår sletter opplysningene (grunn «minor») og kontrollerer at ingenting er igjen',
    'privacy.r.block.what': 'En nøkkelbasert hash (HMAC) av barnets e-postadresse og innloggingskontoer; aldri selve adressen',
    'privacy.r.block.why': 'Slik at det samme barnet ikke kan registrere seg igjen',
    'privacy.r.block.long': '{days} dager etter slettingen',
    'privacy.r.block.how': 'En daglig jobb sletter oppføringer når perioden er over (tidsplan: {cron})',
    'privacy.r.cookie.what': 'En informasjonskapsel i nettleseren ({cookie}) med bare tidspunktet den ble satt og en signatur',
    'privacy.r.cookie.why': 'Slik at en annen fødselsdato i samme nettleser avvises',
    'privacy.r.cookie.long': '{days} dager',
    'privacy.r.cookie.how': 'Nettleseren sletter den når den utløper; du kan slette den selv',
    'privacy.r.report.what': 'En melding: e-postadressen til den som meldte, det de skrev, og barnets adresse',
    'privacy.r.report.why': 'For å undersøke meldingen og fortelle den som meldte utfallet',
    'privacy.r.report.long':
      'Til saken er avgjort; barnets opplysninger slettes med barnets konto; avgjørelsen (utfall, begrunnelse, tidspunkt) {days} dager etter',
    'privacy.r.report.how': 'Slettes med barnets konto; den samme daglige jobben sletter avgjorte meldinger når perioden er over',
    'privacy.r.check.what': 'For hver konto: om alderskontrollen er besvart og hvilken regel som avgjorde (ikke datoen)',
    'privacy.r.check.why': 'Slik at ingen konto brukes før alderskontrollen',
    'privacy.r.check.long': 'Så lenge kontoen finnes',
    'privacy.r.check.how': 'Slettes med kontoen',
    'privacy.contact': 'Spørsmål, eller et barn å melde fra om: bruk skjemaet for henvendelser eller skriv til kundeservice.',
    'agent.title': 'Meldinger om barn',
    'agent.none': 'Ingen meldinger.',
    'agent.source': 'Fra',
    'agent.status': 'Status',
    'agent.account': 'Konto',
    'agent.reporter': 'Meldt av',
    'agent.child': 'Oppgitt adresse',
    'agent.details': 'Detaljer',
    'agent.reason': 'Begrunnelse',
    'agent.confirm': 'Bekreft: slett kontoen',
    'agent.dismiss': 'Avvis',
    'agent.suspended': 'sperret av meldingen',
    'agent.decided': 'Avgjort',
    'agent.done': 'Registrert.',
    's.open': 'åpen',
    's.confirmed': 'bekreftet',
    's.dismissed': 'avvist',
    'src.request': 'henvendelse',
    'src.agent': 'kundeservice',
  },
} as const;

export const ageCheckPage = compileView<{ csrf: string; next: string; error?: boolean }>(`
<h1>{{t "age.title"}}</h1><p class="lead">{{t "age.lead"}}</p>
{{#if error}}<div class="summary" role="alert"><p>{{t "age.error"}}</p></div>{{/if}}
<form class="card" method="post" action="/age-check" data-age-check>
<input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="next" value="{{next}}">
<div class="field{{#if error}} has-error{{/if}}"><label for="dateOfBirth">{{t "age.field"}}</label><input type="date" id="dateOfBirth" name="dateOfBirth" required autocomplete="bday"{{#if error}} aria-invalid="true"{{/if}}></div>
<div class="actions"><button class="btn" type="submit">{{t "age.submit"}}</button></div>
</form>`);

export const refusedPage = compileView<object>(`<h1>{{t "refused.title"}}</h1><p class="notice" role="status" data-refused>{{t "refused.body"}}</p>`);

export const childrenPrivacyPage = compileView<{
  age: number;
  countries: { country: string; age: number }[];
  retentionDays: number;
  blockDays: number;
  reportDays: number;
  cron: string;
  cookie: string;
}>(`
<h1>{{t "privacy.title"}}</h1><p class="lead">{{t "privacy.lead" age=age}}</p>
<section class="card"><h2>{{t "privacy.age.h"}}</h2><ul><li data-default-age="{{age}}">{{t "privacy.age.default" age=age}}</li>{{#each countries}}<li data-country="{{country}}">{{t "privacy.age.country" country=country age=age}}</li>{{/each}}</ul></section>
<section class="card"><h2>{{t "privacy.how.h"}}</h2><p>{{t "privacy.how.body"}}</p></section>
<section class="card" style="overflow-x:auto"><h2>{{t "privacy.kept.h"}}</h2><table><thead><tr><th>{{t "privacy.col.what"}}</th><th>{{t "privacy.col.why"}}</th><th>{{t "privacy.col.how_long"}}</th><th>{{t "privacy.col.deleted"}}</th></tr></thead><tbody>
<tr data-row="account"><td>{{t "privacy.r.account.what"}}</td><td>{{t "privacy.r.account.why"}}</td><td>{{t "privacy.r.account.long" days=retentionDays}}</td><td>{{t "privacy.r.account.how"}}</td></tr>
<tr data-row="block"><td>{{t "privacy.r.block.what"}}</td><td>{{t "privacy.r.block.why"}}</td><td data-block-days="{{blockDays}}">{{t "privacy.r.block.long" days=blockDays}}</td><td>{{t "privacy.r.block.how" cron=cron}}</td></tr>
<tr data-row="cookie"><td>{{t "privacy.r.cookie.what" cookie=cookie}}</td><td>{{t "privacy.r.cookie.why"}}</td><td>{{t "privacy.r.cookie.long" days=blockDays}}</td><td>{{t "privacy.r.cookie.how"}}</td></tr>
<tr data-row="report"><td>{{t "privacy.r.report.what"}}</td><td>{{t "privacy.r.report.why"}}</td><td data-report-days="{{reportDays}}">{{t "privacy.r.report.long" days=reportDays}}</td><td>{{t "privacy.r.report.how"}}</td></tr>
<tr data-row="check"><td>{{t "privacy.r.check.what"}}</td><td>{{t "privacy.r.check.why"}}</td><td>{{t "privacy.r.check.long"}}</td><td>{{t "privacy.r.check.how"}}</td></tr>
</tbody></table></section>
<p>{{t "privacy.contact"}} <a href="/requests/new">/requests/new</a></p>`);

export const reportsPage = compileView<{ items: ReportView[]; csrf: string; notice?: boolean }>(`
<h1>{{t "agent.title"}}</h1>
{{#if notice}}<p class="notice" role="status">{{t "agent.done"}}</p>{{/if}}
{{#each items}}<section class="card" data-report="{{id}}" data-status="{{status}}"><dl class="kv">
<dt>{{t "agent.source"}}</dt><dd>{{t (concat "src." source)}}{{#if requestId}} · <a href="/agent/requests/{{requestId}}">{{requestId}}</a>{{/if}}</dd>
<dt>{{t "agent.status"}}</dt><dd>{{t (concat "s." status)}}</dd>
<dt>{{t "agent.account"}}</dt><dd>{{#if account}}{{account.subjectId}} ({{account.status}}){{#if suspendedByReport}} · {{t "agent.suspended"}}{{/if}}{{else}}–{{/if}}</dd>
{{#if reporterEmail}}<dt>{{t "agent.reporter"}}</dt><dd>{{reporterEmail}}</dd>{{/if}}
{{#if childEmail}}<dt>{{t "agent.child"}}</dt><dd>{{childEmail}}</dd>{{/if}}
<dt>{{t "agent.details"}}</dt><dd>{{details}}</dd>
{{#if decision}}<dt>{{t "agent.decided"}}</dt><dd>{{decision.outcome}}: {{decision.reason}} ({{decision.by}}, {{decision.at}})</dd>{{/if}}
</dl>
{{#if (eq status "open")}}<form method="post" action="/agent/minors/{{id}}/confirm"><input type="hidden" name="_csrf" value="{{../csrf}}"><div class="field"><label for="reason-{{id}}">{{t "agent.reason"}}</label><input type="text" id="reason-{{id}}" name="reason" required minlength="3"></div><button class="btn danger" type="submit">{{t "agent.confirm"}}</button> <button class="btn secondary" type="submit" formaction="/agent/minors/{{id}}/dismiss">{{t "agent.dismiss"}}</button></form>{{/if}}
</section>{{else}}<p class="notice">{{t "agent.none"}}</p>{{/each}}`);
