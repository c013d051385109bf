import { ConflictError, DomainError, InvalidInputError, NotFoundError, PreconditionFailedError } from '../../core/errors/domain-error';

/** The version in the request body is older than the stored one: someone else saved meanwhile. */
export class ProfileVersionConflictError extends ConflictError {
  constructor(readonly current: number) {
    super('PROFILE_VERSION_CONFLICT', `The profile was changed meanwhile (now version ${current}); reload it and apply your change again.`);
  }
}

/** If-Match named an older version. */
export class ProfilePreconditionFailedError extends PreconditionFailedError {
  constructor(readonly current: number) {
    super('PROFILE_PRECONDITION_FAILED', `If-Match does not match the current version (${current}); reload the profile and try again.`);
  }
}

/** Email change and closing the account need a sign-in within the last few minutes. */
export class ReauthRequiredError extends DomainError {
  constructor(
    readonly maxAgeMinutes: number,
    readonly reauthUrl: string,
  ) {
    super('REAUTH_REQUIRED', `This needs a recent sign-in (within ${maxAgeMinutes} minutes). Sign in again at ${reauthUrl} and retry.`, 'unauthenticated');
  }
}

export class EmailChangeLinkInvalidError extends NotFoundError {
  constructor() {
    super('EMAIL_CHANGE_LINK_INVALID', 'This confirmation link is not valid: it was already used, replaced by a newer one, or never existed.');
  }
}

export class EmailChangeLinkExpiredError extends DomainError {
  constructor() {
    super('EMAIL_CHANGE_LINK_EXPIRED', 'This confirmation link has expired. Ask for a new one on My Profile.', 'gone');
  }
}

export class EmailUnchangedError extends InvalidInputError {
  constructor() {
    super('EMAIL_UNCHANGED', 'That is already your email address.', [{ field: 'email', message: 'email is already your address' }]);
  }
}

export class EmailInUseError extends ConflictError {
  constructor() {
    super('EMAIL_IN_USE', 'Another account uses that email address, so it cannot become yours.');
  }
}

export class InvalidProfileFieldsError extends InvalidInputError {
  constructor(errors: { field: string; message: string }[]) {
    super('VALIDATION_FAILED', `Invalid input: ${[...new Set(errors.map((e) => e.field))].join(', ')}`, errors);
  }
}
