/**
 * What went wrong, in terms the filter maps to HTTP (core/errors/domain-error.filter.ts).
 * Services throw DomainError subclasses; controllers never build HTTP errors themselves.
 */
export type ErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'precondition_failed'
  | 'gone'
  | 'too_many'
  | 'unsupported_media_type'
  | 'unavailable';

export interface FieldError {
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    /** Stable machine-readable code, e.g. ACCOUNT_NOT_FOUND */
    readonly code: string,
    message: string,
    readonly kind: ErrorKind,
    readonly errors?: FieldError[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  constructor(code: string, message: string) {
    super(code, message, 'not_found');
  }
}

export class ConflictError extends DomainError {
  constructor(code: string, message: string) {
    super(code, message, 'conflict');
  }
}

export class InvalidInputError extends DomainError {
  constructor(code: string, message: string, errors?: FieldError[]) {
    super(code, message, 'invalid', errors);
  }
}

export class ForbiddenError extends DomainError {
  constructor(code: string, message: string) {
    super(code, message, 'forbidden');
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(code = 'UNAUTHENTICATED', message = 'Sign in to continue.') {
    super(code, message, 'unauthenticated');
  }
}

export class PreconditionFailedError extends DomainError {
  constructor(code: string, message: string) {
    super(code, message, 'precondition_failed');
  }
}

export const STATUS_BY_KIND: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  gone: 410,
  too_many: 429,
  unsupported_media_type: 415,
  unavailable: 503,
};
