import { ConflictError, DomainError, InvalidInputError, NotFoundError } from '../../core/errors/domain-error';

export class RequestNotFoundError extends NotFoundError {
  constructor() {
    super('REQUEST_NOT_FOUND', 'No request has this id.');
  }
}
export class RequestTokenInvalidError extends DomainError {
  constructor() {
    super('REQUEST_TOKEN_INVALID', 'This link is unknown, already used or expired. Send the request again to get a new one.', 'gone');
  }
}
export class RequestStateError extends ConflictError {
  constructor(status: string, action: string) {
    super('REQUEST_STATE', `A request that is ${status} cannot be ${action}.`);
  }
}
export class ExtensionRefusedError extends ConflictError {
  constructor(why: 'already' | 'late') {
    super(
      why === 'already' ? 'EXTENSION_ALREADY_USED' : 'EXTENSION_TOO_LATE',
      why === 'already'
        ? 'This request was extended already; only one extension is allowed.'
        : 'The original due date has passed; an extension must be given before it.',
    );
  }
}
export class RequestInputError extends InvalidInputError {}
