import { ChildProcess } from 'node:child_process';
import request from 'supertest';
import { DAY_MS } from '../../src/core/clock/clock';
import { AccountsService } from '../../src/modules/accounts/accounts.service';
import { aRecipient, manyAccounts } from '../factories/transfers';
import { buildDist, killAndWait, waitUntil } from '../support/processes';
import { seededRandom } from '../support/random';
import { sessionCookie } from '../support/session-cookie';
import { SmtpSink } from '../support/smtp-sink';
import { spawnWorker } from '../support/spawn';
import { startApi, TestApi } from '../support/test-app';

const PEOPLE = 5000;

describe('Successor event fan-out under worker kills', () => {
  it('reaches all 5,000 accounts on a real SMTP sink while the worker is killed and restarted, with at most one duplicate per kill', async () => {
    buildDist();
    const seed = Number(process.env.FAULT_SEED ?? Date.now() % 100000);
    const random = seededRandom(seed);
    process.stdout.write(`successor fan-out test seed: ${seed} (FAULT_SEED=${seed} replays it)\n`);
    const sink = await SmtpSink.start();
    const api: TestApi = await startApi({ env: { SMTP_URL: sink.url, QUEUE_LOCK_MS: '2000' } });
    let worker: ChildProcess | undefined;
    const startWorkerProcess = () => {
      worker = spawnWorker(api.config, { WORKER_CONCURRENCY: '8' });
    };
    try {
      const people = await manyAccounts(api.connection, PEOPLE, 'heir');
      const admin = await api.app.get(AccountsService).create({ email: 'admin.heir@example.test', emailVerified: true, roles: ['admin'] });
      const cookie = await sessionCookie(api, admin.id);
      const as = (t: request.Test) => t.set('Cookie', cookie).set('Origin', new URL(api.url).origin);
      const successor = await as(request(api.url).post('/api/admin/recipients'))
        .send(aRecipient({ name: 'Heir Holdings plc', kind: 'successor', country: 'GB', mechanism: 'adequacy' }))
        .expect(201);
      const effectiveAt = new Date(Date.now() + 40 * DAY_MS).toISOString();
      const started = Date.now();
      const created = await as(request(api.url).post('/api/admin/successor-events'))
        .send({ recipientId: successor.body.id, effectiveAt, categories: ['contact', 'billing'] })
        .expect(201);
      const eventId = created.body.id as string;
      const events = api.connection.collection('transfer_successor_events');
      const notices = api.connection.collection('transfer_successor_notices');
      const ours = () => sink.messages.filter((m) => /Heir Holdings plc/.test(m.subject));

      const outbox = api.connection.collection('outbox_messages');
      const progress = setInterval(() => {
        void Promise.all([notices.countDocuments({ eventId }), outbox.countDocuments({ status: 'pending' }), events.findOne({})]).then(([n, pending, e]) =>
          process.stdout.write(
            `  t+${((Date.now() - started) / 1000).toFixed(0)} s: ${n} notices, event ${e?.status}, ${pending} pending, ${ours().length} delivered\n`,
          ),
        );
      }, 30000);
      progress.unref();
      startWorkerProcess();
      // first kill: in the middle of the fan-out itself (some pages recorded, not all)
      await waitUntil(async () => (await notices.countDocuments({ eventId })) >= 250 + Math.floor(random() * 1000), 'fan-out under way', 120000);
      const duringFanOut = (await events.findOne({}))!.status === 'announcing';
      await killAndWait(worker, 'SIGKILL');
      startWorkerProcess();
      // second kill: in the middle of the deliveries
      const target = 800 + Math.floor(random() * 1000);
      await waitUntil(async () => ours().length >= target, 'deliveries before the second kill', 600000);
      await killAndWait(worker, 'SIGKILL');
      startWorkerProcess();
      const kills = 2;

      const expected = PEOPLE + 1; // and the admin: every active account
      await waitUntil(
        async () =>
          new Set(ours().map((m) => m.to[0])).size >= expected &&
          (await api.connection.collection('outbox_messages').countDocuments({ status: 'pending' })) === 0,
        'every account told',
        1200000,
      );
      clearInterval(progress);
      const seconds = (Date.now() - started) / 1000;
      const mails = ours();
      const unique = new Set(mails.map((m) => m.messageId));
      const duplicates = mails.length - unique.size;
      process.stdout.write(
        `successor event over ${expected} accounts, ${kills} kills (first during the fan-out: ${duringFanOut}): ${mails.length} deliveries, ${duplicates} duplicates, ${seconds.toFixed(1)} s\n`,
      );
      const addresses = new Set(mails.map((m) => m.to[0]));
      expect(people.every((p) => addresses.has(p.email))).toBe(true);
      expect(addresses.has('admin.heir@example.test')).toBe(true);
      expect(unique.size).toBe(expected);
      expect(duplicates).toBeLessThanOrEqual(kills);
      expect(await notices.countDocuments({ eventId })).toBe(expected);
      expect((await events.findOne({}))!).toMatchObject({ status: 'announced', notified: expected });
    } finally {
      await killAndWait(worker);
      await api.close();
      await sink.stop();
    }
    // builds dist/, seeds 5,000 accounts and drives 5,000 deliveries through two SIGKILLs: many minutes on a shared machine
  }, 2_000_000);
});
