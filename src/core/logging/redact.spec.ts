import { redactText, redactValue } from './redact';

describe('redactText', () => {
  it('removes email addresses, phone numbers, bearer tokens and secrets in query strings', () => {
    const out = redactText('user ola.nordmann+x@example.com called +47 912 34 567 with Bearer abc.def.ghi at /cb?code=XYZ&state=s1');
    expect(out).not.toMatch(/ola|example\.com|912|abc\.def|XYZ|s1/);
  });

  it('keeps dates, ids and short numbers readable', () => {
    expect(redactText('job erase:65f0c0ffee at 2026-01-02T03:04:05.000Z took 1234 ms')).toBe('job erase:65f0c0ffee at 2026-01-02T03:04:05.000Z took 1234 ms');
  });
});

describe('redactValue', () => {
  it('blanks values of keys that name personal data, at any depth', () => {
    const out = redactValue({
      subjectId: 'sub_1',
      profile: { email: 'a@b.no', name: 'Kari', phone: '1', billingAddress: { city: 'Oslo' } },
      headers: { cookie: 'rd.sid=1', authorization: 'x' },
    });
    expect(out).toEqual({
      subjectId: 'sub_1',
      profile: { email: '[redacted]', name: '[redacted]', phone: '[redacted]', billingAddress: '[redacted]' },
      headers: { cookie: '[redacted]', authorization: '[redacted]' },
    });
  });

  it('redacts inside error messages and stacks', () => {
    const out = redactValue(new Error('no account for kari@example.no')) as { message: string };
    expect(out.message).toBe('no account for [email]');
  });
});
