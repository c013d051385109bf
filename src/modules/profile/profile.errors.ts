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

/** Email change and closing the account need a step-up sign-in: the error lives in core/auth. */
export { ReauthRequiredError } from '../../core/auth/recent-auth';

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

/** The link was opened in a browser signed in to a different account than the one that asked for it. */
export class EmailChangeOtherAccountError extends ConflictError {
  constructor() {
    super(
      'EMAIL_CHANGE_OTHER_ACCOUNT',
      'This link gives the address to a different account than the one you are signed in to. If you did not ask for it from that account, ignore it: nothing was changed.',
    );
  }
}
