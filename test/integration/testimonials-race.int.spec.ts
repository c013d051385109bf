import { AccountsService } from '../../src/modules/accounts/accounts.service';
import type { Account } from '../../src/modules/accounts/schemas/account.schema';
import { TestimonialsService } from '../../src/modules/testimonials/testimonials.service';
import { anAccount } from '../factories/accounts';
import { aTestimonialDraft } from '../factories/testimonials';
import { startContext } from '../support/test-app';

describe(`${TestimonialsService.name} under racing writers`, () => {
  let ctx: Awaited<ReturnType<typeof startContext>>;
  let service: TestimonialsService;
  let agent: Account;
  beforeAll(async () => {
    ctx = await startContext();
    service = ctx.app.get(TestimonialsService);
    agent = await ctx.app.get(AccountsService).create({ email: 'race-agent@example.test', emailVerified: true, roles: ['customer', 'agent'] });
  });
  afterAll(() => ctx.close());

  it('a withdrawal racing five publishes leaves the quote withdrawn and out of the feed', async () => {
    const customer = await anAccount(ctx.app);
    const t = await service.draft(agent, aTestimonialDraft(customer.subjectId));
    const id = String(t._id);
    await service.requestConsent(agent, id);
    await service.decide(id, { account: customer }, 'grant', ['name']);
    const results = await Promise.allSettled([service.withdraw(id, { account: customer }), ...Array.from({ length: 5 }, () => service.publish(agent, id))]);
    // the withdrawal may lose a race with a publish (409 TESTIMONIAL_CHANGED); the customer retries
    if (results[0].status === 'rejected') {
      expect((results[0].reason as { code: string }).code).toBe('TESTIMONIAL_CHANGED');
      await service.withdraw(id, { account: customer });
    }
    expect((await service.get(id)).status).toBe('withdrawn');
    expect((await service.feed()).map((f) => f.id)).not.toContain(id);
    await expect(service.publish(agent, id)).rejects.toMatchObject({ code: 'CONSENT_WITHDRAWN' });
  });

  it('five racing grants of one request apply once', async () => {
    const customer = await anAccount(ctx.app);
    const t = await service.draft(agent, aTestimonialDraft(customer.subjectId));
    const id = String(t._id);
    await service.requestConsent(agent, id);
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => service.decide(id, { account: customer }, 'grant', ['name'])));
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won.length).toBeGreaterThanOrEqual(1);
    const after = await service.get(id);
    expect(after).toMatchObject({ status: 'consented', consentState: 'granted' });
    // every win moved the revision once: the live consent is one of the recorded grants
    const records = await service.consentRecords(id);
    expect(records.map((r) => r.receiptId)).toContain(after.consent!.receiptId);
  });
});
