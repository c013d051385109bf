import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { getConnectionToken } from '@nestjs/mongoose';
import { Test, TestingModuleBuilder } from '@nestjs/testing';
import type { Connection } from 'mongoose';
import { AppModule } from '../../src/app.module';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { Clock, ManualClock } from '../../src/core/clock/clock';
import { configureHttp } from '../../src/core/http/configure-http';
import { freePort } from './ports';
import { testConfig } from './test-config';

export interface TestAppOptions {
  /** Extra or overriding environment variables */
  env?: Record<string, string | undefined>;
  /** Reuse another app's configuration (same database and queue), e.g. a second instance or a worker */
  config?: AppConfig;
  clock?: Clock;
  /** The HTTP port (default: a free one) */
  port?: number;
  /** Further provider overrides */
  override?: (b: TestingModuleBuilder) => TestingModuleBuilder;
}

export interface TestApi {
  app: INestApplication;
  url: string;
  config: AppConfig;
  clock: Clock;
  connection: Connection;
  close: (opts?: { dropDatabase?: boolean }) => Promise<void>;
}

export interface TestWorker {
  app: INestApplicationContext;
  config: AppConfig;
  clock: Clock;
  close: () => Promise<void>;
}

async function build(role: 'api' | 'worker' | 'cli', config: AppConfig, opts: TestAppOptions) {
  const clock = opts.clock ?? new ManualClock(new Date());
  let builder = Test.createTestingModule({ imports: [AppModule.forRoot({ role, config })] })
    .overrideProvider(Clock)
    .useValue(clock);
  if (opts.override) builder = opts.override(builder);
  return { moduleRef: await builder.compile(), clock };
}

/** Starts the HTTP app on a free loopback port, PUBLIC_BASE_URL pointing at it. */
export async function startApi(opts: TestAppOptions = {}): Promise<TestApi> {
  const port = opts.port ?? (await freePort());
  const base = opts.config ?? testConfig(opts.env);
  const config = Object.assign(new AppConfig(), base, { port, publicBaseUrl: `http://127.0.0.1:${port}`, publicOrigin: `http://127.0.0.1:${port}` });
  const { moduleRef, clock } = await build('api', config, opts);
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: false });
  configureHttp(app);
  await app.listen(port, '127.0.0.1');
  const connection = app.get<Connection>(getConnectionToken());
  return {
    app,
    url: config.publicBaseUrl,
    config,
    clock,
    connection,
    close: async ({ dropDatabase = !opts.config } = {}) => {
      if (dropDatabase) await connection.dropDatabase().catch(() => undefined);
      await app.close();
    },
  };
}

/** Starts a worker (Bull processors and scheduler) on the same database and queue as `config`. */
export async function startWorker(config: AppConfig, opts: Omit<TestAppOptions, 'config'> = {}): Promise<TestWorker> {
  const { moduleRef, clock } = await build('worker', config, opts);
  const app = await moduleRef.init();
  return { app, config, clock, close: () => app.close() };
}

/** Only the modules (no HTTP, no processors): for service-level integration tests. */
export async function startContext(opts: TestAppOptions = {}): Promise<TestWorker & { connection: Connection }> {
  const config = opts.config ?? testConfig(opts.env);
  const { moduleRef, clock } = await build('cli', config, opts);
  const app = await moduleRef.init();
  const connection = app.get<Connection>(getConnectionToken());
  return {
    app,
    config,
    clock,
    connection,
    close: async () => {
      if (!opts.config) await connection.dropDatabase().catch(() => undefined);
      await app.close();
    },
  };
}

export { loadConfig };
