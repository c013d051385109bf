#!/usr/bin/env node
'use strict';
// `npm run bench`: brings up services like `npm test` does (MONGODB_URI / REDIS_URL when set), builds,
// runs every benchmark under bench/ (or the one named first: `npm run bench -- api`, `npm run bench --
// purge`) and writes a JSON report under bench/results/. Further flags go to the benchmark, e.g.
// `npm run bench -- purge --accounts 20000 --due 2000` or `npm run bench -- api --duration 10`.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { startServices, log, ROOT } = require('./services');

(async () => {
  const all = fs.readdirSync(path.join(ROOT, 'bench')).filter((f) => f.endsWith('.bench.js')).map((f) => f.replace(/\.bench\.js$/, '')).sort().reverse();
  const args = process.argv.slice(2);
  const named = args[0] && !args[0].startsWith('-') ? args.shift() : undefined;
  if (named && !all.includes(named)) {
    process.stderr.write(`No benchmark named ${named}; there are: ${all.join(', ')}\n`);
    process.exit(2);
  }
  const build = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) process.exit(1);
  const services = await startServices({ name: 'bench' });
  services.describe.forEach((d) => log(d));
  let code = 0;
  try {
    for (const name of named ? [named] : all) {
      const r = spawnSync(process.execPath, ['--expose-gc', path.join(ROOT, 'bench', `${name}.bench.js`), ...args], {
        cwd: ROOT,
        stdio: 'inherit',
        env: { ...process.env, BENCH_MONGODB_URI: services.mongoUri, BENCH_REDIS_URL: services.redisUrl, BENCH_MONGODB_KIND: services.describe.join(' ') },
      });
      code = code || (r.status ?? 1);
    }
  } finally {
    await services.stop();
  }
  process.exit(code);
})().catch((err) => {
  process.stderr.write(`npm run bench could not start: ${err.message}\n`);
  process.exit(1);
});
