import { ConflictError, InvalidInputError, NotFoundError } from '../../core/errors/domain-error';

export class AccountNotFoundError extends NotFoundError {
  constructor() {
    super('ACCOUNT_NOT_FOUND', 'No account matches.');
  }
}

export class AmbiguousAccountError extends ConflictError {
  constructor() {
    super('ACCOUNT_AMBIGUOUS', 'More than one account has that email address; use the subject id.');
  }
}

export class InvalidRoleError extends InvalidInputError {
  constructor() {
    super('INVALID_ROLE', 'role must be agent or admin', [{ field: 'role', message: 'must be agent or admin' }]);
  }
}

export class UnverifiedEmailError extends ConflictError {
  constructor() {
    super(
      'EMAIL_UNVERIFIED',
      'That email address was never verified for the account, so it does not identify anyone; name the account by its subject id (--subject) instead.',
    );
  }
}
