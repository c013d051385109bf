import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { ConfigError, loadConfig } from './config/app-config';
import { configureHttp } from './core/http/configure-http';

/** HTTP entry: API and pages. No queue processors here. */
async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot({ role: 'api', config }), { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  configureHttp(app);
  await app.listen(config.port, '0.0.0.0');
  app.get(Logger).log(`RightsDesk API listening on ${config.publicBaseUrl} (port ${config.port})`);
}

bootstrap().catch((err) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\nSee .env.example for every variable.\n`);
  } else {
    process.stderr.write(`RightsDesk API failed to start: ${err?.message ?? err}\n`);
  }
  process.exit(1);
});
