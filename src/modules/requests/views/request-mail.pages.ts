import { hbs } from '../../../core/http/views/view-engine';

/** Strings of the email panel on the agent's request page (merged into the desk's MESSAGES). */
export const MAIL_MESSAGES = {
  en: {
    's.needs_triage': 'needs triage',
    'mail.triage': 'Needs triage: set the type',
    'mail.triage.lead':
      'This request came by email. Pick what it asks for; nothing is carried out until the sender has confirmed the address with the link we sent.',
    'mail.suggested': 'The text suggests',
    'mail.suggested.note': 'a suggestion from the wording only, never acted on by itself',
    'mail.type': 'Type',
    'mail.reply': 'Reply by email',
    'mail.reply.body': 'Your answer (sent to the requester, threaded with their mail)',
    'mail.reply.send': 'Send reply',
  },
  nb: {
    's.needs_triage': 'må sorteres',
    'mail.triage': 'Må sorteres: velg type',
    'mail.triage.lead':
      'Denne forespørselen kom på e-post. Velg hva den ber om; ingenting gjennomføres før avsenderen har bekreftet adressen med lenken vi sendte.',
    'mail.suggested': 'Teksten tyder på',
    'mail.suggested.note': 'bare et forslag ut fra ordlyden, som aldri utføres av seg selv',
    'mail.type': 'Type',
    'mail.reply': 'Svar på e-post',
    'mail.reply.body': 'Svaret ditt (sendes til avsenderen, i samme tråd)',
    'mail.reply.send': 'Send svar',
  },
};

const TYPES = ['access', 'confirmation', 'erasure', 'rectification', 'objection', 'child_report'];

/** The request page's email panel: one-click type for triage, and the reply form. */
hbs.registerPartial(
  'request-mail-panel',
  `{{#if (or r.triage (eq r.status "needs_triage"))}}<section class="card" aria-labelledby="triage-h" data-triage>
<h2 id="triage-h">{{#if (eq r.status "needs_triage")}}{{t "mail.triage"}}{{else}}{{t "mail.type"}}{{/if}}</h2>
<p>{{t "mail.triage.lead"}}</p>
{{#if r.triage.note}}<p class="notice warn" data-triage-note>{{r.triage.note}}</p>{{/if}}
{{#if r.triage.suggested.length}}<p data-suggested="{{#each r.triage.suggested}}{{this}} {{/each}}">{{t "mail.suggested"}}: <strong>{{#each r.triage.suggested}}{{t (concat "type." this)}} {{/each}}</strong> <span class="muted">({{t "mail.suggested.note"}})</span></p>{{/if}}
<form method="post" action="/agent/requests/{{r.id}}/type" class="actions"><input type="hidden" name="_csrf" value="{{csrf}}">
${TYPES.map((t) => `<button class="btn{{#unless (eq r.type "${t}")}} secondary{{/unless}}" type="submit" name="type" value="${t}">{{t "type.${t}"}}</button>`).join('')}
</form></section>{{/if}}
{{#if r.email}}{{#unless (or (eq r.status "expired") (eq r.status "cancelled"))}}<section class="card" aria-labelledby="reply-h"><h2 id="reply-h">{{t "mail.reply"}}</h2>
<form method="post" action="/agent/requests/{{r.id}}/reply"><input type="hidden" name="_csrf" value="{{csrf}}"><div class="field"><label for="reply-body">{{t "mail.reply.body"}}</label><textarea id="reply-body" name="body" rows="5" required maxlength="20000"></textarea></div><button class="btn secondary" type="submit">{{t "mail.reply.send"}}</button></form></section>{{/unless}}{{/if}}`,
);
