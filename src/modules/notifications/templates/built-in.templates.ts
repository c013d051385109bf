import type { MailTemplate } from './mail-template';

/** Templates the notifications module itself sends. Other modules register theirs at start-up. */
export const BUILT_IN_TEMPLATES: Record<string, MailTemplate> = {
  'policy-change': {
    subject: { en: 'Our privacy policy changes on {{effectiveDate}}', nb: 'Personvernerklæringen vår endres {{effectiveDate}}' },
    text: {
      en: 'We are changing our privacy policy (version {{version}}). The new version takes effect on {{effectiveDate}}.\n\nWhat changes: {{summary}}\n\nRead it here: {{policyUrl}}',
      nb: 'Vi endrer personvernerklæringen vår (versjon {{version}}). Den nye versjonen gjelder fra {{effectiveDate}}.\n\nDette endres: {{summary}}\n\nLes den her: {{policyUrl}}',
    },
    html: {
      en: '<p>We are changing our privacy policy (version {{version}}). The new version takes effect on <strong>{{effectiveDate}}</strong>.</p><p><strong>What changes:</strong> {{summary}}</p><p><a href="{{policyUrl}}">Read the new privacy policy</a></p>',
      nb: '<p>Vi endrer personvernerklæringen vår (versjon {{version}}). Den nye versjonen gjelder fra <strong>{{effectiveDate}}</strong>.</p><p><strong>Dette endres:</strong> {{summary}}</p><p><a href="{{policyUrl}}">Les den nye personvernerklæringen</a></p>',
    },
  },
  'service-notice': {
    subject: { en: '{{title}}', nb: '{{title}}' },
    text: { en: '{{body}}', nb: '{{body}}' },
    html: { en: '<p>{{body}}</p>', nb: '<p>{{body}}</p>' },
  },
  newsletter: {
    subject: { en: '{{title}}', nb: '{{title}}' },
    text: { en: '{{body}}', nb: '{{body}}' },
    html: { en: '<h1>{{title}}</h1><p>{{body}}</p>', nb: '<h1>{{title}}</h1><p>{{body}}</p>' },
  },
};

/** Sample data for the admin preview of each built-in template. */
export const SAMPLE_DATA: Record<string, Record<string, unknown>> = {
  'policy-change': {
    version: '2026-12',
    effectiveDate: '2027-01-15',
    summary: 'We add a new subcontractor for email delivery.',
    policyUrl: 'https://example.com/privacy',
  },
  'service-notice': { title: 'Scheduled maintenance', body: 'The service will be unavailable on Sunday from 02:00 to 03:00 UTC.' },
  newsletter: { title: 'What is new in RightsDesk', body: 'Faster exports and a new sign-in page.' },
};
