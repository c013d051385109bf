import { guessLocale, messageIdsIn, noAutoReply, referenceIn, suggestTypes } from './mail-rules';

const h = (entries: Record<string, string>) => Object.entries(entries).map(([key, value]) => ({ key: key.toLowerCase(), value }));

describe('mail rules', () => {
  it('answers no automatic mail (RFC 3834): Auto-Submitted other than "no", bounces; bulk and list mail get no answer either', () => {
    expect(noAutoReply(h({ 'Auto-Submitted': 'auto-replied' }))).toEqual({ reason: 'Auto-Submitted: auto-replied', automatic: true });
    expect(noAutoReply(h({ 'Auto-Submitted': 'auto-generated; owner-email="x@y"' }))?.automatic).toBe(true);
    expect(noAutoReply(h({ 'Auto-Submitted': 'No' }))).toBeNull();
    expect(noAutoReply(h({}), 'MAILER-DAEMON@example.org')?.automatic).toBe(true);
    expect(noAutoReply(h({ Precedence: 'bulk' }))).toEqual({ reason: 'Precedence: bulk', automatic: false });
    expect(noAutoReply(h({ Precedence: 'junk' }))?.automatic).toBe(false);
    expect(noAutoReply(h({ 'List-Id': '<news.example.org>' }))?.reason).toContain('List-Id');
    expect(noAutoReply(h({ Precedence: 'first-class' }))).toBeNull();
  });

  it('suggests a type for clear English and Norwegian phrases only', () => {
    expect(suggestTypes('Please delete my data')).toEqual(['erasure']);
    expect(suggestTypes('Hei, slett dataene mine')).toEqual(['erasure']);
    expect(suggestTypes('What data do you hold about me?')).toEqual(['access']);
    expect(suggestTypes('Hvilke opplysninger har dere om meg?')).toEqual(['access']);
    expect(suggestTypes('unsubscribe')).toEqual(['objection']);
    expect(suggestTypes('Do you have any data about me?')).toEqual(['confirmation']);
    expect(suggestTypes('My invoice is wrong, can you call me?')).toEqual([]);
    expect(suggestTypes('Please delete my data. What data do you hold about me?').sort()).toEqual(['access', 'erasure']);
  });

  it('reads references: Message-IDs in In-Reply-To/References, [RD-…] in a subject; guesses the language', () => {
    expect(messageIdsIn('<a@b> <c@d>', undefined, '<e@f>')).toEqual(['<a@b>', '<c@d>', '<e@f>']);
    expect(referenceIn('Re: [RD-1A2B3C4D] Confirm')).toBe('1a2b3c4d');
    expect(referenceIn('Re: RD-1A2B3C4D')).toBeUndefined();
    expect(guessLocale('Hei, kan dere slette kontoen min?')).toBe('nb');
    expect(guessLocale('Hello, please delete my account')).toBe('en');
  });
});
