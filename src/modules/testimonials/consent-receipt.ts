import type { ConsentRecord } from './consent-records.repository';

/** The purpose every testimonial consent is for (ISO/IEC TS 27560 "processing", Kantara "services"). */
export const TESTIMONIAL_PURPOSE = 'Publishing your quote as a customer testimonial on our website and marketing pages';

/**
 * A consent record as a Kantara Consent Receipt v1.1 (with the ISO/IEC TS 27560 event fields): the
 * emailed copy, the access export and the agent view all show this shape.
 */
export function toConsentReceipt(r: ConsentRecord, controller: { name: string; url: string; email: string }) {
  return {
    version: 'KI-CR-v1.1.0',
    jurisdiction: 'NO',
    consentReceiptID: r.receiptId,
    consentTimestamp: Math.floor(new Date(r.at).getTime() / 1000),
    collectionMethod: r.method,
    piiPrincipalId: r.subjectId ?? null,
    piiControllers: [{ piiController: controller.name, contact: 'Privacy team', email: controller.email, url: controller.url, onBehalf: false }],
    policyUrl: `${controller.url}/api/policies/current`,
    policyVersion: r.policyVersion,
    services: [
      {
        service: 'testimonials',
        purposes: [
          {
            purpose: TESTIMONIAL_PURPOSE,
            purposeCategory: ['marketing'],
            consentType: 'EXPLICIT',
            piiCategory: ['content', ...r.scope.map((f) => `display:${f}`)],
            primaryPurpose: true,
            termination: r.expiresAt ? `withdrawal at any time, or ${new Date(r.expiresAt).toISOString()} unless reconfirmed` : 'withdrawal at any time',
            thirdPartyDisclosure: false,
          },
        ],
      },
    ],
    sensitive: false,
    spiCat: [],
    // ISO/IEC TS 27560 event and the exact text it covers
    event: { type: r.event, at: new Date(r.at).toISOString(), endsReceiptId: r.endsReceiptId ?? null },
    text: { sha256: r.textSha256, version: r.textVersion, quote: r.quote ?? null, display: r.display ?? null },
    scope: r.scope,
    collector: r.collector ?? null,
    expiresAt: r.expiresAt ? new Date(r.expiresAt).toISOString() : null,
    erasedAt: r.erasedAt ? new Date(r.erasedAt).toISOString() : null,
  };
}
