import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import pino from 'pino';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppConfig } from '../../config/app-config';
import { redactText, redactValue } from './redact';

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/**
 * Where log lines go: JSON on stdout (stderr for the CLI); in development at a terminal (or with
 * LOG_PRETTY=true) through pino-pretty, which formats the same, already redacted, lines for people.
 */
function destination(config: AppConfig): pino.DestinationStream {
  const fd = process.env.RIGHTSDESK_LOG_FD === '2' ? 2 : 1;
  if (!config.logPretty) return pino.destination(fd);
  // Loaded only here: production never needs the package.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pretty = require('pino-pretty') as (opts: Record<string, unknown>) => pino.DestinationStream;
  const tty = fd === 2 ? process.stderr.isTTY : process.stdout.isTTY;
  return pretty({ destination: fd, sync: true, colorize: !!tty, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', singleLine: true });
}

/** Structured JSON logs (pino) with personal data redacted from every line. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        // The CLI prints its results on stdout, so its logs go to stderr.
        pinoHttp: [
          {
            level: config.logLevel,
            autoLogging: { ignore: (req: IncomingMessage) => (req.url ?? '').startsWith('/health') },
            serializers: {
              // Only the path, decoded first so that percent-encoded personal data is redacted too.
              req: (req: { id: unknown; method: string; url: string }) => ({
                id: req.id,
                method: req.method,
                path: redactText(safeDecode(req.url.split('?')[0])),
              }),
              res: (res: ServerResponse & { raw?: ServerResponse }) => ({ statusCode: res.statusCode ?? res.raw?.statusCode }),
            },
            hooks: {
              logMethod(this: unknown, args: unknown[], method: (...a: unknown[]) => void) {
                method.apply(
                  this,
                  args.map((a) => redactValue(a)),
                );
              },
            },
            formatters: {
              log: (obj: Record<string, unknown>) => redactValue(obj) as Record<string, unknown>,
            },
          },
          destination(config),
        ],
      }),
    }),
  ],
})
export class LoggingModule {}
