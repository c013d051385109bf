import { ChildProcess } from 'node:child_process';
import { getModelToken } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { DAY_MS, ManualClock } from '../../src/core/clock/clock';
import { JobQueue } from '../../src/core/queue/job-queue.service';
import { BillingService } from '../../src/modules/billing/billing.service';
import { ErasureReceiptsRepository } from '../../src/modules/erasure/erasure-receipts.repository';
import { ResidueSweepService } from '../../src/modules/erasure/residue-sweep.service';
import { ErasureRunDoc } from '../../src/modules/erasure/schemas/erasure-run.schema';
import { IdentityService } from '../../src/modules/identity/identity.service';
import { NotificationsService } from '../../src/modules/notifications/notifications.service';
import { RetentionService } from '../../src/modules/retention/retention.service';
import { buildDist, killAndWait, waitUntil } from '../support/processes';
import { seededRandom } from '../support/random';
import { findIdentifiers } from '../support/residue';
import { SmtpSink } from '../support/smtp-sink';
import { spawnWorker } from '../support/spawn';
import { startApi } from '../support/test-app';
import { RetentionJobs } from '../../src/modules/retention/retention.jobs';

const ACCOUNTS = Number(process.env.FAULT_ACCOUNTS ?? 200);
/** Small batches, so kills land inside batches of every kind: claiming, mid-module, writing receipts */
const BATCH = '20';
const SEEDS = (process.env.FAULT_SEEDS ?? `${Date.now() % 10000},${(Date.now() + 7919) % 10000}`).split(',').map(Number);

describe('Retention purge when the worker is killed', () => {
  beforeAll(() => buildDist());

  it.each(SEEDS)(
    `erases ${ACCOUNTS} accounts exactly once with zero residue despite SIGKILLs (seed %i)`,
    async (seed) => {
      const random = seededRandom(seed);
      process.stdout.write(`purge fault test seed ${seed} (FAULT_SEEDS=${seed} replays it)\n`);
      const sink = await SmtpSink.start();
      // Terminate everyone 15 days in the past, so the real-clock worker finds them all due.
      const clock = new ManualClock(new Date(Date.now() - 15 * DAY_MS));
      const api = await startApi({ clock, env: { SMTP_URL: sink.url, QUEUE_LOCK_MS: '2000', ERASURE_BATCH_SIZE: BATCH } });
      let worker: ChildProcess | undefined;
      const start = () => {
        worker = spawnWorker(api.config, { WORKER_CONCURRENCY: '4', SMTP_URL: sink.url, ERASURE_BATCH_SIZE: BATCH });
      };
      try {
        const identifiers: string[] = [];
        const emails: string[] = [];
        const identity = api.app.get(IdentityService);
        const notifications = api.app.get(NotificationsService);
        const billing = api.app.get(BillingService);
        const retention = api.app.get(RetentionService);
        for (let i = 0; i < ACCOUNTS; i++) {
          const email = `p${seed}-${i}@example.com`;
          const account = await identity.signIn({ provider: 'google', subject: `g${seed}-${i}`, email, emailVerified: true, name: `Person ${i}` });
          await notifications.setMarketingConsent(account.id, true, account.subjectId);
          await notifications.send({
            to: { accountId: account.id },
            template: 'service-notice',
            category: 'service',
            idempotencyKey: `hello:${account.id}`,
            data: { title: 'Welcome', body: 'x' },
          });
          await billing.record('erp', {
            externalId: `INV-${seed}-${i}`,
            subjectId: account.subjectId,
            contactEmail: email,
            billingCompany: 'Firma AS',
            billingAddress: { line1: 'Gate 1', postalCode: '0150', city: 'Oslo', country: 'NO' },
            product: 'Pro',
            amountMinor: 1000,
            currency: 'NOK',
            invoiceDate: new Date('2026-01-01'),
          });
          await retention.terminate(account.id, account.subjectId);
          identifiers.push(account.id, account.subjectId, email, `g${seed}-${i}`);
          emails.push(email);
        }
        start();
        await api.app.get(JobQueue).enqueue(RetentionJobs.RetentionScan, { slot: `fault-${seed}` }, { jobId: `retention-scan:fault-${seed}` });
        const receipts = api.app.get(ErasureReceiptsRepository);
        const kills = 3;
        for (let k = 0; k < kills; k++) {
          const target = Math.min(ACCOUNTS - 5, (await receipts.count()) + Math.floor(random() * (ACCOUNTS / 4)) + 5);
          await waitUntil(async () => (await receipts.count()) >= target, `receipts before kill ${k + 1}`, 120000);
          // then a random moment later, inside whatever the other batches are doing
          await new Promise((r) => setTimeout(r, Math.floor(random() * 1500)));
          await killAndWait(worker, 'SIGKILL');
          start();
        }
        const runs = api.app.get<Model<ErasureRunDoc>>(getModelToken(ErasureRunDoc.name));
        await waitUntil(
          async () => (await runs.countDocuments({ status: 'erased' })) + (await runs.countDocuments({ status: 'verified' })) === ACCOUNTS,
          'every account erased',
          180000,
        );
        const swept = await api.app.get(ResidueSweepService).sweep();
        expect(swept.residue).toBe(0);
        expect(await runs.countDocuments({ status: 'verified' })).toBe(ACCOUNTS);
        expect(await receipts.count()).toBe(ACCOUNTS);
        await expect(receipts.verify()).resolves.toEqual({ ok: true, count: ACCOUNTS });
        await waitUntil(async () => emails.every((e) => sink.to(e).some((m) => m.subject === 'Your data has been erased')), 'receipt emails', 60000);
        await waitUntil(async () => (await api.connection.collection('outbox_messages').countDocuments({ status: 'pending' })) === 0, 'outbox drained', 60000);
        const receiptMails = sink.messages.filter((m) => m.subject === 'Your data has been erased');
        const duplicates = receiptMails.length - new Set(receiptMails.map((m) => m.messageId)).size;
        process.stdout.write(`seed ${seed}: ${ACCOUNTS} accounts, ${kills} kills, ${duplicates} duplicate receipt emails\n`);
        expect(duplicates).toBeLessThanOrEqual(kills);
        expect(
          await findIdentifiers(
            api.connection,
            identifiers.filter((v) => !v.startsWith('sub_')),
          ),
        ).toEqual([]);
      } finally {
        await killAndWait(worker);
        await api.close();
        await sink.stop();
      }
      // 200 sign-ins, a purge across three SIGKILLs and a full residue scan: minutes on a busy 2-core
      // machine, bounded by the waits above rather than by jest's default.
    },
    600_000,
  );
});
