/**
 * Personal-data redaction for log output. Keys that name personal data lose their values; free text
 * loses anything shaped like an email, phone number, bearer token or long secret.
 */
const SENSITIVE_KEY =
  /^(e-?mail|emails|name|full_?name|given_?name|family_?name|first_?name|last_?name|display_?name|phone|phones|tel|mobile|address|postal_?address|billing_?address|street|city|zip|postcode|date_?of_?birth|dob|birthday|token|access_?token|refresh_?token|id_?token|auth_?code|code_?verifier|password|secret|client_?secret|cookie|cookies|set-cookie|authorization|signed_?request|ip|remote_?address)$/i;

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const PHONE = /(?<![\w-])\+?\d[\d\s().-]{6,}\d(?![\w-])/g;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
const LONG_SECRET = /\b[A-Za-z0-9_-]{40,}\b/g;
const QUERY_SECRET = /([?&](?:code|state|token|access_token|id_token|email|signed_request)=)[^&\s#]*/gi;

export function redactText(text: string): string {
  return text
    .replace(BEARER, '$1 [redacted]')
    .replace(QUERY_SECRET, '$1[redacted]')
    .replace(EMAIL, '[email]')
    .replace(LONG_SECRET, '[token]')
    .replace(PHONE, (m) => (/^\d{4}-\d{2}-\d{2}/.test(m) || m.replace(/\D/g, '').length < 8 ? m : '[phone]'));
}

export function redactValue(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[truncated]';
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  if (value instanceof Error) {
    return { type: value.name, message: redactText(value.message), stack: value.stack ? redactText(value.stack) : undefined };
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = SENSITIVE_KEY.test(k) && v !== undefined && v !== null ? '[redacted]' : redactValue(v, depth + 1);
  }
  return out;
}
