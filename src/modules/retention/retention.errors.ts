import { ConflictError, NotFoundError } from '../../core/errors/domain-error';

export class NotTerminatedError extends ConflictError {
  constructor() {
    super('NOT_TERMINATED', 'The account is not closed, so there is nothing to cancel.');
  }
}

export class GracePeriodOverError extends ConflictError {
  constructor() {
    super('GRACE_PERIOD_OVER', 'The grace period is over: the account is being erased.');
  }
}

export class CannotTerminateError extends ConflictError {
  constructor() {
    super('CANNOT_TERMINATE', 'Only an active account can be closed.');
  }
}

export class LegalHoldNotFoundError extends NotFoundError {
  constructor() {
    super('LEGAL_HOLD_NOT_FOUND', 'No legal hold in force has that id.');
  }
}
