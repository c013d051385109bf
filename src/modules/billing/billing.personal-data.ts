import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { accountIdsOf, emailsOf, countPerSubject, outcomesFrom } from '../../core/personal-data/batch';
import { PersonalDataHandler } from '../../core/personal-data/personal-data.decorator';
import { ErasureOutcome, PersonalDataDescription, PersonalDataHandlerContract, Subject, SubjectExport } from '../../core/personal-data/personal-data.types';
import { BillingRepository } from './billing.repository';
import { BillingService } from './billing.service';

const BASIS = 'bookkeeping law: accurate financial records (legal obligation, Art. 6(1)(c), 17(3)(b))';

@Injectable()
@PersonalDataHandler()
export class BillingPersonalData implements PersonalDataHandlerContract {
  constructor(
    private readonly repo: BillingRepository,
    private readonly billing: BillingService,
    private readonly config: AppConfig,
  ) {}

  describe(): PersonalDataDescription {
    const period = `${this.config.billing.retentionYears} years from the invoice date`;
    return {
      module: 'billing',
      collections: [
        {
          collection: 'billing_orders',
          identifiedBy: [
            { field: 'accountId', kind: 'accountId' },
            { field: 'contactEmail', kind: 'email' },
          ],
          fields: [
            {
              field: 'contactEmail, contactName',
              category: 'contact',
              purpose: 'invoicing your licence',
              legalBasis: 'contract (Art. 6(1)(b))',
              retention: 'removed when your account is erased',
              source: 'the purchase form (billing system)',
            },
            {
              field: 'billingCompany, billingAddress, product, amount, currency, invoiceDate',
              category: 'billing',
              purpose: 'invoicing and accounting',
              legalBasis: BASIS,
              retention: period,
              source: 'the purchase form (billing system)',
            },
          ],
          recipients: ['our accountant (subcontractor)'],
          onErasure: { action: 'kept', basis: BASIS, period },
        },
      ],
      queries: [
        { name: 'billing prune (cron): invoices past keptUntil', collection: 'billing_orders', equals: [], range: ['keptUntil'] },
        { name: 'billing API: an order by its external id', collection: 'billing_orders', equals: ['externalId'] },
      ],
    };
  }

  async export(subject: Subject): Promise<SubjectExport> {
    const orders = await this.repo.findFor(subject.accountId, emailsOf([subject]));
    return { module: 'billing', data: orders.length ? { billing_orders: orders.map(({ accountId: _, ...o }) => o) } : {} };
  }

  async eraseMany(subjects: Subject[]): Promise<ErasureOutcome[]> {
    const kept = await this.repo.keepMinimum(accountIdsOf(subjects), emailsOf(subjects), (d) => this.billing.keptUntil(d));
    return outcomesFrom('billing', subjects.length, [
      {
        collection: 'billing_orders',
        category: 'billing',
        action: 'kept',
        counts: countPerSubject(
          subjects,
          kept,
          (s) => [s.accountId, ...s.emails.map((e) => e.toLowerCase())],
          (o) => [o.accountId, o.contactEmail],
        ),
        basis: BASIS,
        keptUntil: `${this.config.billing.retentionYears} years after each invoice date`,
      },
    ]);
  }
}
