import { scopeOf, shownAs, textSha256 } from './testimonial-text';

describe('testimonial text', () => {
  const base = { quote: 'Fast answers.', display: { name: 'Kari', jobTitle: 'CTO', company: 'Fjord AS' }, materialConnection: 'Discount' };

  it('hashes exactly what is shown: any change of quote, display or disclosure changes the SHA-256', () => {
    const h = textSha256(base);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(textSha256({ ...base })).toBe(h);
    expect(textSha256({ ...base, quote: 'Fast answers!' })).not.toBe(h);
    expect(textSha256({ ...base, display: { ...base.display, jobTitle: 'CEO' } })).not.toBe(h);
    expect(textSha256({ ...base, materialConnection: undefined })).not.toBe(h);
  });

  it('shows only the fields the consent allows, and only those that exist', () => {
    expect(scopeOf({ name: 'Kari' }, ['name', 'company', 'bogus'])).toEqual(['name']);
    expect(shownAs(base.display, ['company'])).toEqual({ company: 'Fjord AS' });
    expect(shownAs(base.display, [])).toEqual({});
  });
});
