import { plainToInstance } from 'class-transformer';
import { validate, ValidationError } from 'class-validator';
import { UpdateProfileDto } from '../dto/update-profile.dto';

/** A submitted form: flat names such as `postalAddress.city`, as the page's inputs are named. */
export type FormBody = Record<string, string | string[] | undefined>;

export const ADDRESS_PARTS = ['line1', 'line2', 'postalCode', 'city', 'region', 'country'] as const;
const COMPANY_PARTS = ['name', 'size', 'type'] as const;

const str = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[v.length - 1] ?? '') : (v ?? '')).trim();

/** A group of inputs left entirely empty removes the group (null); otherwise every part is sent. */
function group(body: FormBody, prefix: string, parts: readonly string[]): Record<string, string | null> | null {
  const values = Object.fromEntries(parts.map((p) => [p, str(body[`${prefix}.${p}`])]));
  if (Object.values(values).every((v) => v === '')) return null;
  return values;
}

/**
 * The form's fields in the shape of PATCH /api/profile: empty text removes a value, optional parts
 * left empty are dropped, required parts stay so that the validator names them.
 */
export function formToPatch(body: FormBody): Record<string, unknown> {
  const orNull = (v: string) => (v === '' ? null : v);
  const address = (prefix: string, extra: readonly string[] = []) => {
    const g = group(body, prefix, [...extra, ...ADDRESS_PARTS]);
    if (!g) return null;
    for (const k of ['line2', 'region', ...extra]) if (g[k] === '') g[k] = null;
    return g;
  };
  const company = group(body, 'company', COMPANY_PARTS);
  if (company) for (const k of COMPANY_PARTS) if (company[k] === '') company[k] = null;
  return {
    name: orNull(str(body.name)),
    phone: orNull(str(body.phone)),
    dateOfBirth: orNull(str(body.dateOfBirth)),
    company,
    postalAddress: address('postalAddress'),
    billingAddress: address('billingAddress', ['companyName']),
  };
}

export interface RuleError {
  field: string;
  rule: string;
  message: string;
}

function flatten(errors: ValidationError[], parent = ''): RuleError[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([rule, message]) => ({ field, rule, message }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** Validates a patch with the same DTO and rules as the JSON API. */
export async function validatePatch(patch: Record<string, unknown>): Promise<{ dto: UpdateProfileDto; errors: RuleError[] }> {
  const dto = plainToInstance(UpdateProfileDto, patch, { enableImplicitConversion: false });
  const errors = flatten(await validate(dto, { whitelist: true, forbidNonWhitelisted: true, validationError: { target: false, value: false } }));
  return { dto, errors };
}
