import { ChildProcess } from 'node:child_process';
import { JobQueue } from '../../src/core/queue/job-queue.service';
import { MailboxJobs } from '../../src/modules/mailbox/mailbox.jobs';
import { ImapServer, rawEmail } from '../support/imap-server';
import { buildDist, killAndWait, waitUntil } from '../support/processes';
import { SmtpSink } from '../support/smtp-sink';
import { spawnWorker } from '../support/spawn';
import { startApi, TestApi } from '../support/test-app';

describe('The mailbox reader under failures', () => {
  it('a worker killed (SIGKILL) mid-batch and restarted makes exactly one request per email and loses none', async () => {
    buildDist();
    const [imap, sink] = await Promise.all([ImapServer.start(), SmtpSink.start()]);
    const env = { SMTP_URL: sink.url, SUPPORT_ADDRESS: 'support@rightsdesk.test', ...imap.env, MAILBOX_POLL_CRON: '0 0 1 1 *', MAILBOX_CLAIM_LEASE_MS: '1000' };
    const api: TestApi = await startApi({ env: { ...env, QUEUE_LOCK_MS: '2000' } });
    let worker: ChildProcess | undefined;
    let polls = 0;
    const startWorkerProcess = () => {
      worker = spawnWorker(api.config, env);
    };
    const pollNow = () => api.app.get(JobQueue).enqueue(MailboxJobs.Poll, { slot: `test-${++polls}` }, { jobId: `mailbox-poll:test-${polls}` });
    const N = 40;
    try {
      const senders = Array.from({ length: N }, (_, i) => `kill${i}-${Date.now().toString(36)}@example.test`);
      await imap.append(
        senders.map((from, i) => rawEmail({ from, subject: `Request ${i}`, text: i % 2 ? 'Please delete my data.' : 'What data do you hold about me?' })),
      );
      const requests = api.connection.collection('data_requests');
      const records = api.connection.collection('mailbox_messages');
      startWorkerProcess();
      await pollNow();
      // kill it once some, not all, of the batch is done
      await waitUntil(async () => (await requests.countDocuments({ channel: 'email' })) >= 5, 'the first requests', 60000);
      await killAndWait(worker, 'SIGKILL');
      const atKill = await requests.countDocuments({ channel: 'email' });
      process.stdout.write(`mailbox kill test: killed after ${atKill} of ${N} requests\n`);
      startWorkerProcess();
      await waitUntil(
        async () => {
          if ((await records.countDocuments({ state: 'done' })) >= N && (await imap.count('INBOX')) === 0) return true;
          await pollNow();
          return false;
        },
        'every email taken after the restart',
        120000,
      );
      expect(atKill).toBeLessThan(N);
      expect(await requests.countDocuments({ channel: 'email' })).toBe(N);
      for (const from of senders) expect(await requests.countDocuments({ email: from })).toBe(1);
      expect(await records.countDocuments({})).toBe(N);
      expect(await imap.count('RightsDesk/Processed')).toBe(N);
      // each sender got one acknowledgement (the outbox key dedupes a retried one)
      await waitUntil(async () => new Set(sink.messages.flatMap((m) => m.to)).size >= N, 'acknowledgements', 60000).catch(async (err: Error) => {
        // say where the missing ones are (outbox states, queue counts) if this ever fails again
        const states = await api.connection
          .collection('outbox_messages')
          .aggregate([{ $group: { _id: '$status', n: { $sum: 1 } } }])
          .toArray();
        const jobs = await api.app.get(JobQueue).raw.getJobCounts();
        throw new Error(`${err.message}: ${sink.messages.length} mails received; outbox ${JSON.stringify(states)}; jobs ${JSON.stringify(jobs)}`);
      });
      for (const from of senders) expect(new Set(sink.messages.filter((m) => m.to.includes(from)).map((m) => m.messageId)).size).toBe(1);
    } finally {
      await killAndWait(worker);
      await api.close();
      await Promise.all([sink.stop(), imap.stop()]);
    }
  }, 300_000);
});
