import { ConflictError, DomainError, FieldError, InvalidInputError, NotFoundError, UnauthenticatedError } from '../../core/errors/domain-error';

export class RecipientNotFoundError extends NotFoundError {
  constructor() {
    super('RECIPIENT_NOT_FOUND', 'No such recipient.');
  }
}

export class InvalidRecipientError extends InvalidInputError {
  constructor(errors: FieldError[]) {
    super('INVALID_RECIPIENT', `The recipient is not valid: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}.`, errors);
  }
}

export class RecipientInactiveError extends ConflictError {
  constructor() {
    super('RECIPIENT_INACTIVE', 'The recipient is not active at this time (outside its active period, or deactivated).');
  }
}

export class RecipientChangedError extends ConflictError {
  constructor() {
    super('RECIPIENT_CHANGED', 'The recipient changed meanwhile; reload it and try again.');
  }
}

export class CategoriesNotAgreedError extends InvalidInputError {
  constructor(categories: string[]) {
    super('CATEGORIES_NOT_AGREED', `The recipient is not registered to receive these categories: ${categories.join(', ')}.`, [
      { field: 'categories', message: `not agreed with the recipient: ${categories.join(', ')}` },
    ]);
  }
}

export class IdempotencyKeyReusedError extends ConflictError {
  constructor() {
    super('IDEMPOTENCY_KEY_REUSED', 'This idempotency key was used before with a different request body.');
  }
}

export class InvalidApiKeyError extends UnauthenticatedError {
  constructor() {
    super('INVALID_API_KEY', 'A valid API key is required (Authorization: Bearer <key>).');
  }
}

export class ApiKeyNotFoundError extends NotFoundError {
  constructor() {
    super('API_KEY_NOT_FOUND', 'No API key has this id or prefix.');
  }
}

export class NotASuccessorError extends InvalidInputError {
  constructor() {
    super('NOT_A_SUCCESSOR', 'A successor event needs a recipient of kind successor.', [
      { field: 'recipientId', message: 'must be a recipient of kind successor' },
    ]);
  }
}

export class SuccessorEventNotFoundError extends NotFoundError {
  constructor() {
    super('SUCCESSOR_EVENT_NOT_FOUND', 'No such successor event.');
  }
}

export class SuccessorNoticeNotFoundError extends NotFoundError {
  constructor() {
    super('SUCCESSOR_NOTICE_NOT_FOUND', 'You have no notice of this successor event.');
  }
}

/** An acknowledgement link that is unknown or does not match its notice. */
export class NoticeLinkError extends DomainError {
  constructor() {
    super('NOTICE_LINK_INVALID', 'This acknowledgement link is not valid.', 'not_found');
  }
}

export class UnknownSubjectsError extends InvalidInputError {
  constructor(subjectIds: string[]) {
    const shown = subjectIds.slice(0, 10).join(', ') + (subjectIds.length > 10 ? `, and ${subjectIds.length - 10} more` : '');
    super('UNKNOWN_SUBJECTS', `${subjectIds.length} of the subjectIds name no account we hold (never existed, or erased): ${shown}.`, [
      { field: 'subjectIds', message: `no such account: ${shown}` },
    ]);
  }
}
