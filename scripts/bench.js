#!/usr/bin/env node
'use strict';
// `npm run bench`: brings up services like `npm test` does (MONGODB_URI / REDIS_URL when set), builds,
// runs every benchmark under bench/ and writes a JSON report under bench/results/. Flags go to the
// benchmarks, e.g. `npm run bench -- --accounts 20000 --due 2000 --scan-accounts 100000`.
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { startServices, log, ROOT } = require('./services');

(async () => {
  const build = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) process.exit(1);
  const services = await startServices({ name: 'bench' });
  services.describe.forEach((d) => log(d));
  let code = 0;
  try {
    const r = spawnSync(process.execPath, ['--expose-gc', path.join(ROOT, 'bench', 'purge.bench.js'), ...process.argv.slice(2)], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, BENCH_MONGODB_URI: services.mongoUri, BENCH_REDIS_URL: services.redisUrl },
    });
    code = r.status ?? 1;
  } finally {
    await services.stop();
  }
  process.exit(code);
})().catch((err) => {
  process.stderr.write(`npm run bench could not start: ${err.message}\n`);
  process.exit(1);
});
