import { Injectable, Logger } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { AppConfig } from '../../config/app-config';
import { JOB_HANDLER, JobHandlerMeta } from './job-handler.decorator';
import { declaredJobs, JobName, JobPayloads } from './job-catalogue';

type Handler = (payload: unknown, meta: { attempt: number; jobId: string }) => Promise<unknown>;

export interface ScheduledJob {
  job: JobName;
  cron: (config: AppConfig) => string;
}

/** Finds every @JobHandler and checks that each declared job has exactly one. */
@Injectable()
export class JobRegistry {
  private readonly logger = new Logger(JobRegistry.name);
  private handlers?: Map<string, Handler>;
  private crons: ScheduledJob[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  /** Called at worker boot (once); throws when a job has no handler or more than one. */
  load(): void {
    if (this.handlers) return;
    const found = new Map<string, { handler: Handler; where: string; meta: JobHandlerMeta }[]>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.metatype) continue;
      const proto = Object.getPrototypeOf(instance);
      for (const method of this.scanner.getAllMethodNames(proto)) {
        const meta = this.reflector.get<JobHandlerMeta>(JOB_HANDLER, proto[method]);
        if (!meta) continue;
        const list = found.get(meta.name) ?? [];
        list.push({ handler: (instance[method] as Handler).bind(instance), where: `${wrapper.name}.${method}`, meta });
        found.set(meta.name, list);
      }
    }
    const declared = declaredJobs();
    const problems: string[] = [];
    for (const name of declared) {
      const list = found.get(name) ?? [];
      if (list.length === 0) problems.push(`job "${name}" has no @JobHandler`);
      if (list.length > 1) problems.push(`job "${name}" has ${list.length} handlers: ${list.map((l) => l.where).join(', ')}`);
    }
    for (const name of found.keys()) if (!declared.includes(name)) problems.push(`@JobHandler("${name}") names no job declared with defineJobs`);
    if (problems.length) throw new Error(`Job catalogue check failed:\n  - ${problems.join('\n  - ')}`);
    this.handlers = new Map([...found].map(([k, v]) => [k, v[0].handler]));
    this.crons = [...found.values()].flatMap(([h]) => (h.meta.cron ? [{ job: h.meta.name, cron: h.meta.cron }] : []));
    this.logger.log(`${this.handlers.size} job handlers registered`);
  }

  /** The cron-enqueued jobs, as their handlers declare them. */
  scheduled(): ScheduledJob[] {
    this.load();
    return [...this.crons];
  }

  async dispatch<N extends JobName>(name: N, payload: JobPayloads[N], meta: { attempt: number; jobId: string }): Promise<unknown> {
    this.load();
    const handler = this.handlers!.get(name);
    if (!handler) throw new Error(`No handler for job "${name}"`);
    return handler(payload, meta);
  }
}
