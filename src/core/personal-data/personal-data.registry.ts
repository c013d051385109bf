import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { CORE_COLLECTIONS } from '../database/core-collections';
import { PERSONAL_DATA_HANDLER } from './personal-data.decorator';
import { CollectionDescription, ErasurePhase, PersonalDataDescription, PersonalDataHandlerContract } from './personal-data.types';

const PHASES: ErasurePhase[] = ['discover', 'erase', 'finalize'];

/**
 * Every personal-data handler in the application, discovered at boot, and what they declare: their
 * collections (personal, pseudonymous or holding none), the order they erase in, and their identifiers.
 * The access export, the erasure engine, the residue check and the coverage test read only this.
 */
@Injectable()
export class PersonalDataRegistry implements OnApplicationBootstrap {
  private handlers: PersonalDataHandlerContract[] = [];
  private erasureStages: PersonalDataHandlerContract[][] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
  ) {}

  onApplicationBootstrap(): void {
    const found = this.discovery
      .getProviders()
      .filter((w) => w.metatype && w.instance && this.reflector.get<boolean>(PERSONAL_DATA_HANDLER, w.metatype as Parameters<Reflector['get']>[1]))
      .map((w) => w.instance as PersonalDataHandlerContract);
    this.load(found);
  }

  /** Checks the declarations (one handler per module, each collection owned once, `after` resolvable) and orders the erasure. */
  load(found: PersonalDataHandlerContract[]): void {
    const names = new Set<string>();
    const owners = new Map<string, string>(CORE_COLLECTIONS.map((c) => [c.collection, 'core']));
    for (const h of found) {
      const d = h.describe();
      if (names.has(d.module)) throw new Error(`Two personal-data handlers claim module "${d.module}"`);
      names.add(d.module);
      for (const c of d.collections) {
        const owner = owners.get(c.collection);
        if (owner) throw new Error(`Collection "${c.collection}" is declared by both "${owner}" and "${d.module}"`);
        owners.set(c.collection, d.module);
      }
    }
    this.handlers = found.sort((a, b) => a.describe().module.localeCompare(b.describe().module));
    this.erasureStages = orderStages(this.handlers);
  }

  all(): PersonalDataHandlerContract[] {
    return [...this.handlers];
  }

  describeAll(): PersonalDataDescription[] {
    return this.handlers.map((h) => h.describe());
  }

  /** Every declared collection, core's own included, by name. */
  collections(): Map<string, CollectionDescription & { module: string }> {
    const out = new Map<string, CollectionDescription & { module: string }>(CORE_COLLECTIONS.map((c) => [c.collection, { ...c, module: 'core' }]));
    for (const d of this.describeAll()) for (const c of d.collections) out.set(c.collection, { ...c, module: d.module });
    return out;
  }

  /** Collection names that some handler (or core) declares. */
  declaredCollections(): Set<string> {
    return new Set(this.collections().keys());
  }

  /**
   * The handlers in erasure stages: each stage's handlers need nothing from each other and may run at
   * once; a stage starts when the one before it has finished. Phases first, then `after` within a phase.
   */
  stages(): PersonalDataHandlerContract[][] {
    return this.erasureStages.map((s) => [...s]);
  }
}

/** Orders handlers into stages by phase, then by `after` (Kahn's algorithm per phase; an `after` naming an absent module is ignored). */
export function orderStages(handlers: PersonalDataHandlerContract[]): PersonalDataHandlerContract[][] {
  const stages: PersonalDataHandlerContract[][] = [];
  for (const phase of PHASES) {
    let pending = handlers.filter((h) => (h.describe().phase ?? 'erase') === phase);
    const inPhase = new Set(pending.map((h) => h.describe().module));
    const done = new Set<string>();
    while (pending.length) {
      const ready = pending.filter((h) => (h.describe().after ?? []).every((m) => done.has(m) || !inPhase.has(m)));
      if (!ready.length) throw new Error(`Personal-data handlers wait on each other: ${pending.map((h) => h.describe().module).join(', ')}`);
      stages.push(ready);
      ready.forEach((h) => done.add(h.describe().module));
      pending = pending.filter((h) => !ready.includes(h));
    }
  }
  return stages;
}
