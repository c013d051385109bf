import { BadRequestException, ValidationError, ValidationPipeOptions } from '@nestjs/common';
import type { FieldError } from '../errors/domain-error';

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = parent ? `${parent}.${e.property}` : e.property;
    if (e.constraints) {
      for (const [rule, message] of Object.entries(e.constraints)) {
        out.push({ field, message: rule === 'whitelistValidation' ? `${field} is not a known field` : message });
      }
    }
    if (e.children?.length) out.push(...flatten(e.children, field));
  }
  return out;
}

/** Options of the one global ValidationPipe: unknown fields rejected, every error names its field. */
export const validationPipeOptions: ValidationPipeOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  transformOptions: { enableImplicitConversion: false },
  validationError: { target: false, value: false },
  exceptionFactory: (errors) => {
    const fieldErrors = flatten(errors);
    return new BadRequestException({
      code: 'VALIDATION_FAILED',
      message: `Invalid input: ${[...new Set(fieldErrors.map((e) => e.field))].join(', ')}`,
      errors: fieldErrors,
    });
  },
};
