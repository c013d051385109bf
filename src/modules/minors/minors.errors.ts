import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../../core/errors/domain-error';

/** The account has not answered the age screen yet: only the screen, sign-out and the policy pages work. */
export class AgeCheckRequiredError extends ForbiddenError {
  constructor() {
    super('AGE_CHECK_REQUIRED', 'Tell us your date of birth first (POST /api/age-check, or the page /age-check).');
  }
}

export class AgeCheckDoneError extends ConflictError {
  constructor() {
    super('AGE_CHECK_DONE', 'This account has already answered the age screen; change the date of birth in My Profile.');
  }
}

export class InvalidDateOfBirthError extends InvalidInputError {
  constructor(message = 'dateOfBirth must be a real date in the past, YYYY-MM-DD') {
    super('VALIDATION_FAILED', message, [{ field: 'dateOfBirth', message }]);
  }
}

/** The neutral refusal: it says nothing about why (the same words as any blocked account). */
export class AccountRefusedError extends ForbiddenError {
  constructor() {
    super('ACCOUNT_BLOCKED', 'This account cannot be used. Contact support if you think this is wrong.');
  }
}

export class ReportNotFoundError extends NotFoundError {
  constructor() {
    super('MINOR_REPORT_NOT_FOUND', 'No such report.');
  }
}

export class ReportDecidedError extends ConflictError {
  constructor(status: string) {
    super('MINOR_REPORT_DECIDED', `This report is already ${status}.`);
  }
}

export class ReportTargetRequiredError extends InvalidInputError {
  constructor() {
    super('VALIDATION_FAILED', 'Name the account: email or subjectId (or both).', [{ field: 'email', message: 'email or subjectId is required' }]);
  }
}
