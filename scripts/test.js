#!/usr/bin/env node
'use strict';
// `npm test`: brings up its own MongoDB-compatible server and Redis (scripts/services.js), runs the
// whole jest suite (unit, integration, e2e) against them, stops them, and exits with jest's status.
// Extra arguments go to jest, e.g. `npm test -- test/e2e/health.e2e.spec.ts`.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startServices, log, ROOT } = require('./services');
const { preflight } = require('./preflight');

(async () => {
  const missing = await preflight({ jestArgs: process.argv.slice(2) });
  if (missing.length) {
    process.stderr.write(`npm test cannot run on this machine yet. Missing:\n${missing.map((m) => `  - ${m}`).join('\n')}\n`);
    process.exit(1);
  }
  const services = await startServices({ name: 'test' });
  services.describe.forEach((d) => log(d));
  const report = path.join(os.tmpdir(), `rightsdesk-jest-${process.pid}.json`);
  const env = {
    ...process.env,
    NODE_ENV: 'test',
    RIGHTSDESK_TEST_MONGODB_URI: services.mongoUri,
    RIGHTSDESK_TEST_REDIS_URL: services.redisUrl,
  };
  const args = [path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js'), '--json', `--outputFile=${report}`, ...process.argv.slice(2)];
  const child = spawn(process.execPath, args, { stdio: 'inherit', env, cwd: ROOT });
  const forward = (sig) => child.kill(sig);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  const code = await new Promise((resolve) => child.on('exit', (c, sig) => resolve(c ?? (sig ? 1 : 0))));
  await services.stop();
  try {
    const r = JSON.parse(fs.readFileSync(report, 'utf8'));
    fs.rmSync(report, { force: true });
    const failed = r.numFailedTests + r.numRuntimeErrorTestSuites;
    process.stdout.write(`\njest: ${r.numPassedTests} passed, ${failed} failed\n`);
    if (r.numTotalTests === 0) {
      process.stderr.write('No test ran: that is a failure.\n');
      process.exit(1);
    }
  } catch {
    /* jest printed its own failure */
  }
  process.exit(code);
})().catch((err) => {
  process.stderr.write(`npm test could not start its services: ${err.message}\n`);
  process.exit(1);
});
