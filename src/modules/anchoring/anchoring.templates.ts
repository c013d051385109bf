import type { MailTemplate } from '../notifications/templates/mail-template';

export const CHECKPOINT_TEMPLATE = 'anchoring.checkpoint';

/** A signed checkpoint for the auditor: kept outside our database, it pins the log's length and head. */
export const ANCHORING_TEMPLATES: Record<string, MailTemplate> = {
  [CHECKPOINT_TEMPLATE]: {
    subject: { en: 'RightsDesk checkpoint: {{chain}} log at {{size}} entries', nb: 'RightsDesk-sjekkpunkt: {{chain}}-loggen ved {{size}} oppføringer' },
    text: {
      en: 'A signed checkpoint of the {{chain}} log (C2SP signed-note checkpoint, Ed25519). Keep this email: it proves the log had at least {{size}} entries ending in the hash below. Check it with `npm run cli -- checkpoints:verify --file <saved note>`.\n\n{{note}}',
      nb: 'Et signert sjekkpunkt for {{chain}}-loggen (C2SP signed-note checkpoint, Ed25519). Ta vare på denne e-posten: den beviser at loggen hadde minst {{size}} oppføringer som endte i hashen under. Sjekk den med `npm run cli -- checkpoints:verify --file <lagret notat>`.\n\n{{note}}',
    },
    html: {
      en: '<p>A signed checkpoint of the <strong>{{chain}}</strong> log (C2SP signed-note checkpoint, Ed25519). Keep this email: it proves the log had at least {{size}} entries ending in the hash below.</p><pre>{{note}}</pre>',
      nb: '<p>Et signert sjekkpunkt for <strong>{{chain}}</strong>-loggen (C2SP signed-note checkpoint, Ed25519). Ta vare på denne e-posten: den beviser at loggen hadde minst {{size}} oppføringer som endte i hashen under.</p><pre>{{note}}</pre>',
    },
  },
};
