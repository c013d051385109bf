import { Injectable, Logger } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { JOB_HANDLER } from './job-handler.decorator';
import { JobName, JobPayloads } from './job-catalogue';

type Handler = (payload: unknown, meta: { attempt: number; jobId: string }) => Promise<unknown>;

/** Finds every @JobHandler and checks that each JobName has exactly one. */
@Injectable()
export class JobRegistry {
  private readonly logger = new Logger(JobRegistry.name);
  private handlers = new Map<string, Handler>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  /** Called at worker boot; throws when a job has no handler or more than one. */
  load(): void {
    const found = new Map<string, { handler: Handler; where: string }[]>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.metatype) continue;
      const proto = Object.getPrototypeOf(instance);
      for (const method of this.scanner.getAllMethodNames(proto)) {
        const name = this.reflector.get<string>(JOB_HANDLER, proto[method]);
        if (!name) continue;
        const list = found.get(name) ?? [];
        list.push({ handler: (instance[method] as Handler).bind(instance), where: `${wrapper.name}.${method}` });
        found.set(name, list);
      }
    }
    const problems: string[] = [];
    for (const name of Object.values(JobName)) {
      const list = found.get(name) ?? [];
      if (list.length === 0) problems.push(`job "${name}" has no @JobHandler`);
      if (list.length > 1) problems.push(`job "${name}" has ${list.length} handlers: ${list.map((l) => l.where).join(', ')}`);
    }
    for (const name of found.keys()) {
      if (!(Object.values(JobName) as string[]).includes(name)) problems.push(`@JobHandler("${name}") names no job in the catalogue`);
    }
    if (problems.length) throw new Error(`Job catalogue check failed:\n  - ${problems.join('\n  - ')}`);
    this.handlers = new Map([...found].map(([k, v]) => [k, v[0].handler]));
    this.logger.log(`${this.handlers.size} job handlers registered`);
  }

  async dispatch<N extends JobName>(name: N, payload: JobPayloads[N], meta: { attempt: number; jobId: string }): Promise<unknown> {
    const handler = this.handlers.get(name);
    if (!handler) throw new Error(`No handler for job "${name}"`);
    return handler(payload, meta);
  }
}
