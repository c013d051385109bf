import { ConflictError, DomainError, ForbiddenError, NotFoundError } from '../../core/errors/domain-error';

export class TestimonialNotFoundError extends NotFoundError {
  constructor() {
    super('TESTIMONIAL_NOT_FOUND', 'No such testimonial.');
  }
}

/** Why a testimonial may not be published: the codes of the 409. */
export type PublishRefusal = 'NO_CONSENT' | 'TEXT_CHANGED_SINCE_CONSENT' | 'CONSENT_WITHDRAWN' | 'CONSENT_EXPIRED';

const REFUSALS: Record<PublishRefusal, string> = {
  NO_CONSENT: 'The customer has not consented to this testimonial.',
  TEXT_CHANGED_SINCE_CONSENT: 'The text changed after the customer consented: request consent for the current text.',
  CONSENT_WITHDRAWN: 'The customer withdrew their consent.',
  CONSENT_EXPIRED: 'The consent expired (the customer did not reconfirm).',
};

export class PublishRefusedError extends ConflictError {
  constructor(readonly reason: PublishRefusal) {
    super(reason, REFUSALS[reason]);
  }
}

export class TestimonialStateError extends ConflictError {
  constructor(status: string, action: string) {
    super('TESTIMONIAL_STATE', `A testimonial that is ${status} cannot be ${action}.`);
  }
}

/** Another change happened at the same time; read it again and retry. */
export class TestimonialChangedError extends ConflictError {
  constructor() {
    super('TESTIMONIAL_CHANGED', 'The testimonial changed meanwhile; reload and try again.');
  }
}

/** A consent or withdrawal link that is unknown, used up or expired. */
export class ConsentLinkError extends DomainError {
  constructor(expired = false) {
    super(
      expired ? 'CONSENT_LINK_EXPIRED' : 'CONSENT_LINK_INVALID',
      expired ? 'This link has expired; ask us for a new one.' : 'This link is not valid (unknown, already used, or not for this testimonial).',
      expired ? 'gone' : 'not_found',
    );
  }
}

export class NotYourTestimonialError extends ForbiddenError {
  constructor() {
    super('NOT_YOUR_TESTIMONIAL', 'Only the person quoted can decide about this testimonial; sign in as them or use the link from the email.');
  }
}

export class NoCustomerEmailError extends ConflictError {
  constructor() {
    super('CUSTOMER_HAS_NO_EMAIL', 'The customer has no verified email address to send the consent request to.');
  }
}
