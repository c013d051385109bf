import { Injectable } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { PersonalDataRegistry } from './personal-data.registry';
import { CollectionDescription, Subject } from './personal-data.types';
import { SubjectResolver } from './subject-resolver.service';

export interface ModuleExport {
  module: string;
  /** What the module may hold and why: purposes, legal bases, retention, sources, recipients */
  describes: CollectionDescription[];
  /** What it holds about this person, by collection; empty when nothing */
  data: Record<string, unknown[]>;
  holdsNothing: boolean;
}

export interface SubjectExportDocument {
  generatedAt: string;
  subjectId?: string;
  modules: ModuleExport[];
}

/**
 * The access export (GDPR Art. 15/20): every registered handler's description and data for one person.
 * Used by My Profile's download, the `subjects:export` CLI and access requests alike.
 */
@Injectable()
export class SubjectExportService {
  constructor(
    private readonly registry: PersonalDataRegistry,
    private readonly resolver: SubjectResolver,
    private readonly clock: Clock,
  ) {}

  /** The export of a person, from any identifier of them (resolved to all of them first). */
  async exportSubject(base: Subject): Promise<SubjectExportDocument> {
    const subject = await this.resolver.resolve(base);
    const modules: ModuleExport[] = [];
    for (const handler of this.registry.all()) {
      const description = handler.describe();
      const { data } = await handler.export(subject);
      const nonEmpty = Object.fromEntries(Object.entries(data).filter(([, rows]) => rows.length > 0));
      modules.push({ module: description.module, describes: description.collections, data: nonEmpty, holdsNothing: Object.keys(nonEmpty).length === 0 });
    }
    return { generatedAt: this.clock.now().toISOString(), subjectId: subject.subjectId, modules };
  }
}
