import { Module, OnModuleInit } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { registerNavEntry } from '../../core/http/views/nav';
import { AccountsModule } from '../accounts/accounts.module';
import { AuditModule } from '../audit/audit.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { NotificationsService } from '../notifications/notifications.service';
import { ConsentLedgerService } from './consent-ledger.service';
import { ConsentRecordsRepository } from './consent-records.repository';
import { CONSENT_RECORD_MODEL, ConsentRecordSchema } from './schemas/consent-record.schema';
import { TESTIMONIAL_MODEL, TestimonialSchema } from './schemas/testimonial.schema';
import { TestimonialsAgentController } from './testimonials-agent.controller';
import { TestimonialsPagesController } from './testimonials-pages.controller';
import { TestimonialsPagesService } from './testimonials-pages.service';
import { TestimonialsReconfirmService } from './testimonials-reconfirm.service';
import { TestimonialsController } from './testimonials.controller';
import { TestimonialsPersonalData } from './testimonials.personal-data';
import { TestimonialsRepository } from './testimonials.repository';
import { TestimonialsService } from './testimonials.service';
import { TESTIMONIAL_TEMPLATES } from './testimonials.templates';

/** Testimonials and their consent ledger: published only with consent for the exact text, gone on withdrawal. */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: TESTIMONIAL_MODEL, schema: TestimonialSchema },
      { name: CONSENT_RECORD_MODEL, schema: ConsentRecordSchema },
    ]),
    AccountsModule,
    AuditModule,
    NotificationsModule,
  ],
  controllers: [TestimonialsAgentController, TestimonialsController, TestimonialsPagesController],
  providers: [
    TestimonialsRepository,
    ConsentRecordsRepository,
    ConsentLedgerService,
    TestimonialsService,
    TestimonialsReconfirmService,
    TestimonialsPagesService,
    TestimonialsPersonalData,
  ],
  exports: [TestimonialsService],
})
export class TestimonialsModule implements OnModuleInit {
  constructor(private readonly notifications: NotificationsService) {}

  onModuleInit(): void {
    for (const [name, template] of Object.entries(TESTIMONIAL_TEMPLATES)) this.notifications.registerTemplate(name, template);
    registerNavEntry({
      key: 'testimonials-mine',
      href: '/profile/testimonials',
      labels: { en: 'My testimonials', nb: 'Mine uttalelser' },
      signedIn: true,
      order: 15,
    });
    registerNavEntry({
      key: 'testimonials-agent',
      href: '/agent/testimonials',
      labels: { en: 'Testimonials', nb: 'Kundeuttalelser' },
      roles: ['agent'],
      order: 40,
    });
  }
}
