import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { DomainError, InvalidInputError } from '../errors/domain-error';

/** The fields of a posted HTML form: each a string, or several strings for a repeated name. */
export type FormFields = Record<string, string | string[] | undefined>;

export class UnsupportedFormBodyError extends DomainError {
  constructor() {
    super('UNSUPPORTED_MEDIA_TYPE', 'This form takes an application/x-www-form-urlencoded body (as a browser posts it).', 'unsupported_media_type');
  }
}

/** Checks a form post: form-encoded, and only string values (a JSON object posted here is refused, not trusted). */
export function formFieldsOf(req: Request): FormFields {
  if (!req.is('application/x-www-form-urlencoded')) throw new UnsupportedFormBodyError();
  const body: unknown = req.body ?? {};
  if (typeof body !== 'object' || Array.isArray(body)) throw new UnsupportedFormBodyError();
  const bad = Object.entries(body as Record<string, unknown>)
    .filter(([, v]) => !(typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'))))
    .map(([k]) => k);
  if (bad.length)
    throw new InvalidInputError(
      'INVALID_FORM_FIELD',
      `Form fields must be text: ${bad.join(', ')}`,
      bad.map((field) => ({ field, message: `${field} must be text` })),
    );
  return body as FormFields;
}

/**
 * The body of an HTML form post: 415 unless it is form-encoded, 400 naming any field that is not text.
 * Use instead of @Body() on routes that browsers post forms to.
 */
export const FormBodyFields = createParamDecorator((_: unknown, ctx: ExecutionContext): FormFields => formFieldsOf(ctx.switchToHttp().getRequest<Request>()));
