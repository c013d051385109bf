import { ChildProcess } from 'node:child_process';
import { getModelToken } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { ManualClock } from '../../src/core/clock/clock';
import { SchedulerService } from '../../src/core/queue/scheduler.service';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import { NotificationsService } from '../../src/modules/notifications/notifications.service';
import { OutboxMessageDoc } from '../../src/modules/notifications/schemas/outbox-message.schema';
import { buildDist, controlledRedis, ControlledServer, killAndWait, waitUntil } from '../support/processes';
import { seededRandom } from '../support/random';
import { SmtpSink } from '../support/smtp-sink';
import { spawnWorker } from '../support/spawn';
import { startApi, startWorker, TestApi } from '../support/test-app';
import { NotificationJobs } from '../../src/modules/notifications/notifications.jobs';
import { outboxSettled } from '../support/outbox';

describe('Outbox delivery under failures', () => {
  it('delivers every message exactly once after a Redis outage', async () => {
    const redis: ControlledServer = await controlledRedis();
    const sink = await SmtpSink.start();
    const api = await startApi({ env: { REDIS_URL: redis.url, SMTP_URL: sink.url } });
    const workerClock = new ManualClock(new Date());
    const worker = await startWorker(api.config, { clock: workerClock });
    try {
      const accounts = api.app.get(AccountsService);
      const notifications = api.app.get(NotificationsService);
      const people = await Promise.all([1, 2, 3, 4, 5].map((i) => accounts.create({ email: `outage${i}@example.com`, emailVerified: true })));
      await redis.stop('SIGKILL');
      const sent = await Promise.all(
        people.map((p) =>
          notifications.send({
            to: { accountId: p.id },
            template: 'service-notice',
            category: 'service',
            idempotencyKey: `outage:${p.id}`,
            data: { title: 'During the outage', body: 'x' },
          }),
        ),
      );
      expect(sent.map((s) => s.queued)).toEqual([false, false, false, false, false]); // stored, not lost
      await redis.start();
      // the minute's sweep after Redis is back
      workerClock.advance(60_000);
      await waitUntil(
        async () => {
          await worker.app
            .get(SchedulerService)
            .tick(NotificationJobs.OutboxSweep)
            .catch(() => undefined);
          return sink.messages.length >= 5;
        },
        'all five delivered',
        40000,
      );
      await outboxSettled(api.connection);
      expect(sink.messages.map((m) => m.messageId).sort()).toEqual(sent.map((s) => s.messageId).sort());
    } finally {
      await worker.close();
      await api.close();
      await Promise.all([sink.stop(), redis.dispose()]);
    }
  });

  it('delivers all of 1,000 messages while the worker is killed at random points, with at most one duplicate per kill', async () => {
    buildDist();
    const seed = Number(process.env.FAULT_SEED ?? Date.now() % 100000);
    const random = seededRandom(seed);
    process.stdout.write(`worker-kill test seed: ${seed} (FAULT_SEED=${seed} replays it)\n`);
    const sink = await SmtpSink.start();
    const api: TestApi = await startApi({ env: { SMTP_URL: sink.url, QUEUE_LOCK_MS: '2000' } });
    let worker: ChildProcess | undefined;
    const startWorkerProcess = () => {
      worker = spawnWorker(api.config, { WORKER_CONCURRENCY: '8' });
    };
    try {
      const accounts = api.app.get(AccountsService);
      const notifications = api.app.get(NotificationsService);
      const person = await accounts.create({ email: 'batch@example.com', emailVerified: true });
      const started = Date.now();
      const ids: string[] = [];
      for (let i = 0; i < 1000; i += 50) {
        const batch = await Promise.all(
          Array.from({ length: 50 }, (_, j) =>
            notifications.send({
              to: { accountId: person.id },
              template: 'service-notice',
              category: 'service',
              idempotencyKey: `batch:${i + j}`,
              data: { title: `Message ${i + j}`, body: 'x' },
            }),
          ),
        );
        ids.push(...batch.map((b) => b.messageId));
      }
      const kills = 3;
      startWorkerProcess();
      for (let k = 0; k < kills; k++) {
        const target = Math.floor(random() * 250) + 50 + sink.messages.length;
        await waitUntil(async () => sink.messages.length >= Math.min(target, 990), 'deliveries before the kill', 60000);
        await killAndWait(worker, 'SIGKILL');
        startWorkerProcess();
      }
      const outbox = api.app.get<Model<OutboxMessageDoc>>(getModelToken(OutboxMessageDoc.name));
      await waitUntil(
        async () => (await outbox.countDocuments({ status: 'pending' })) === 0 && new Set(sink.messages.map((m) => m.messageId)).size >= 1000,
        'every message delivered',
        240000,
      );
      const seconds = (Date.now() - started) / 1000;
      const unique = new Set(sink.messages.map((m) => m.messageId));
      const duplicates = sink.messages.length - unique.size;
      process.stdout.write(`1,000 messages, ${kills} kills: ${sink.messages.length} deliveries, ${duplicates} duplicates, ${seconds.toFixed(1)} s\n`);
      expect([...unique].sort()).toEqual([...ids].sort());
      expect(duplicates).toBeLessThanOrEqual(kills);
      expect(await outbox.countDocuments({ status: 'sent' })).toBe(1000);
    } finally {
      await killAndWait(worker);
      await api.close();
      await sink.stop();
    }
    // builds dist/ and drives 1,000 deliveries through SIGKILLs: minutes under CPU contention
  }, 480_000);
});
