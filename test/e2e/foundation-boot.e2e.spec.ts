import { buildDist } from '../support/processes';
import { envFor, runNode } from '../support/spawn';
import { testConfig } from '../support/test-config';

describe('Starting with a bad configuration', () => {
  beforeAll(() => buildDist());

  it.each(['main.js', 'worker.js'])('%s stops at once naming a missing SESSION_SECRET', async (entry) => {
    const r = await runNode(entry, [], envFor(testConfig(), { SESSION_SECRET: undefined }), 15000);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/SESSION_SECRET: is required/);
  });

  it.each(['main.js', 'worker.js'])('%s stops at once naming a malformed MONGODB_URI', async (entry) => {
    const r = await runNode(entry, [], envFor(testConfig(), { MONGODB_URI: 'mongo://nowhere' }), 15000);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/MONGODB_URI: must be a mongodb:\/\//);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/); // a message, not a stack trace
  });
});
