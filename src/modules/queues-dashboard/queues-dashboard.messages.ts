import type { PageLocale } from '../../core/http/views/locale';

/** Strings of the retry confirmation page. */
export const QUEUES_DASHBOARD_MESSAGES: Record<PageLocale, Record<string, string>> = {
  en: {
    'retry.title': 'Retry jobs in the queue dashboard',
    'retry.lead':
      'The queue dashboard is read-only. To retry failed jobs, confirm below: for the next {minutes} minutes the dashboard at {path} lets you retry jobs (nothing else: no deleting, cleaning or pausing).',
    'retry.warning': 'A retried job runs again in full. Jobs are written to be harmless when repeated, but a retried email is sent again.',
    'retry.confirm': 'I want to retry jobs and understand that they run again',
    'retry.submit': 'Allow retries for {minutes} minutes',
    'retry.back': 'Back to the read-only dashboard',
    'retry.required': 'Tick the box to confirm.',
  },
  nb: {
    'retry.title': 'Kjør jobber på nytt i køoversikten',
    'retry.lead':
      'Køoversikten er skrivebeskyttet. For å kjøre mislykkede jobber på nytt, bekreft nedenfor: de neste {minutes} minuttene lar oversikten på {path} deg kjøre jobber på nytt (ikke noe annet: ingen sletting, rydding eller pause).',
    'retry.warning': 'En jobb som kjøres på nytt, kjøres helt på nytt. Jobbene tåler å gjentas, men en e-post blir sendt igjen.',
    'retry.confirm': 'Jeg vil kjøre jobber på nytt og forstår at de kjøres igjen',
    'retry.submit': 'Tillat nye forsøk i {minutes} minutter',
    'retry.back': 'Tilbake til den skrivebeskyttede oversikten',
    'retry.required': 'Kryss av i boksen for å bekrefte.',
  },
};
