import type { ConsentRecord } from './consent-records.repository';
import type { Testimonial } from './testimonials.repository';

/** A testimonial as the agent API shows it (no token hashes). */
export function toAgentView(t: Testimonial, records?: ConsentRecord[]) {
  return {
    id: String(t._id),
    subjectId: t.subjectId,
    quote: t.quote,
    display: t.display,
    materialConnection: t.materialConnection ?? null,
    status: t.status,
    textVersion: t.textVersion,
    textSha256: t.textSha256,
    consentState: t.consentState,
    consent: t.consent ?? null,
    publishedAt: t.publishedAt ?? null,
    reconfirmDueAt: t.reconfirmDueAt ?? null,
    takedownDueAt: t.takedownDueAt ?? null,
    endedAt: t.endedAt ?? null,
    endedBy: t.endedBy ?? null,
    endReason: t.endReason ?? null,
    createdBy: t.createdBy,
    createdAt: t.createdAt,
    ...(records ? { consentRecords: records.map(({ quote: _q, display: _d, ...r }) => r) } : {}),
  };
}
