import type { Recipient } from './transfers.types';

/** A recipient as the admin API answers it. */
export function toRecipientView(r: Recipient, active: boolean) {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    country: r.country,
    mechanism: r.mechanism,
    purposes: r.purposes,
    categories: r.categories,
    agreementRef: r.agreementRef ?? null,
    legalReference: r.legalReference ?? null,
    noticeEmail: r.noticeEmail,
    locale: r.locale,
    activeFrom: new Date(r.activeFrom).toISOString(),
    activeUntil: r.activeUntil ? new Date(r.activeUntil).toISOString() : null,
    deactivatedAt: r.deactivatedAt ? new Date(r.deactivatedAt).toISOString() : null,
    active,
    version: r.version,
  };
}
