import { InjectQueue } from '@nestjs/bull';
import { Injectable, NestMiddleware } from '@nestjs/common';
import type { createBullBoard as CreateBullBoard } from '@bull-board/api';
import type { BullAdapter as BullAdapterClass } from '@bull-board/api/bullAdapter';
import type { ExpressAdapter as ExpressAdapterClass } from '@bull-board/express';
import type { Queue } from 'bull';
import express, { NextFunction, Request, Response } from 'express';
import { AppConfig } from '../../config/app-config';
import { Clock } from '../../core/clock/clock';
import { QUEUE_NAME } from '../../core/queue/job-catalogue';
import { AccountsService } from '../accounts/accounts.service';
import { DASHBOARD_PATH, RETRY_API, RETRY_CONFIRM_PATH, RETRY_DASHBOARD_PATH } from './queues-dashboard.paths';
import './queues-dashboard.session';

// bull-board's own page: its scripts and styles from its static folder, inline styles, data: images.
const BOARD_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

/**
 * The Bull dashboard (bull-board) for admins. Read-only at /admin/queues; after the admin confirms at
 * /admin/queue-retries, /admin/queues/retry lets them retry jobs (and nothing else) for a few minutes.
 * Access is checked here, on the session the app resolved, before bull-board sees the request.
 */
@Injectable()
export class QueuesDashboardMiddleware implements NestMiddleware {
  private handler?: express.Express;

  constructor(
    @InjectQueue(QUEUE_NAME) private readonly queue: Queue,
    private readonly accounts: AccountsService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  private boards(): express.Express {
    if (this.handler) return this.handler;
    // Loaded at the first visit, so that no process start (or a boot that fails its config) pays for it.
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { createBullBoard } = require('@bull-board/api') as { createBullBoard: typeof CreateBullBoard };
    const { BullAdapter } = require('@bull-board/api/bullAdapter') as { BullAdapter: typeof BullAdapterClass };
    const { ExpressAdapter } = require('@bull-board/express') as { ExpressAdapter: typeof ExpressAdapterClass };
    /* eslint-enable @typescript-eslint/no-require-imports */
    const app = express();
    const mount = (basePath: string, retries: boolean) => {
      const serverAdapter = new ExpressAdapter();
      serverAdapter.setBasePath(basePath);
      createBullBoard({
        queues: [
          new BullAdapter(this.queue, { readOnlyMode: !retries, allowRetries: retries, description: retries ? 'retries allowed (confirmed)' : 'read-only' }),
        ],
        serverAdapter,
        options: {
          uiConfig: {
            boardTitle: retries ? 'RightsDesk queues (retries allowed)' : 'RightsDesk queues (read-only)',
            miscLinks: [
              retries ? { text: 'Back to read-only', url: DASHBOARD_PATH } : { text: 'Retry jobs…', url: RETRY_CONFIRM_PATH },
              { text: 'My Profile', url: '/profile' },
            ],
          },
        },
      });
      app.use(basePath, serverAdapter.getRouter() as express.Router);
    };
    mount(RETRY_DASHBOARD_PATH, true);
    mount(DASHBOARD_PATH, false);
    this.handler = app;
    return app;
  }

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    const path = req.originalUrl.split('?')[0];
    if (path !== DASHBOARD_PATH && !path.startsWith(`${DASHBOARD_PATH}/`)) return next();
    const wantsHtml = req.method === 'GET' && !path.includes('/api/') && !path.includes('/static/');
    const refuse = (status: number, code: string, message: string) => {
      res.status(status).setHeader('Cache-Control', 'no-store');
      if (wantsHtml && status === 401) return void res.redirect(303, `/signin?next=${encodeURIComponent(DASHBOARD_PATH)}`);
      res.json({ statusCode: status, code, message });
    };
    try {
      const accountId = req.session?.accountId;
      const account = accountId ? await this.accounts.findById(accountId) : null;
      if (!account || account.status !== 'active') return refuse(401, 'UNAUTHENTICATED', 'Sign in first.');
      if (!account.roles.includes('admin')) return refuse(403, 'ROLE_REQUIRED', 'This needs the admin role.');
      if (path === RETRY_DASHBOARD_PATH || path.startsWith(`${RETRY_DASHBOARD_PATH}/`)) {
        const until = req.session.queueRetriesUntil ?? 0;
        if (until <= this.clock.now().getTime()) {
          if (wantsHtml) return void res.redirect(303, RETRY_CONFIRM_PATH);
          return refuse(403, 'RETRY_NOT_CONFIRMED', `Confirm at ${RETRY_CONFIRM_PATH} before retrying jobs.`);
        }
        if (req.method !== 'GET' && req.method !== 'HEAD') {
          // Same-origin script only (browsers send Sec-Fetch-Site; our no-referrer policy nulls Origin).
          const sameOrigin = req.headers['sec-fetch-site'] === 'same-origin' || req.headers.origin === this.config.publicOrigin;
          if (!sameOrigin) return refuse(403, 'CROSS_ORIGIN_REJECTED', 'This request came from another site and was refused.');
          if (!RETRY_API.test(path)) return refuse(405, 'RETRY_ONLY', 'Only retrying jobs is allowed here.');
        }
      } else if (req.method !== 'GET' && req.method !== 'HEAD') {
        return refuse(405, 'READ_ONLY', `The queue dashboard is read-only; confirm at ${RETRY_CONFIRM_PATH} to retry jobs.`);
      }
      res.setHeader('Content-Security-Policy', BOARD_CSP);
      res.setHeader('Cache-Control', 'no-store');
      req.url = req.originalUrl;
      this.boards()(req, res, next);
    } catch (err) {
      next(err);
    }
  }
}
