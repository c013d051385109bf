import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { PERSONAL_DATA_HANDLER } from './personal-data.decorator';
import { PersonalDataDescription, PersonalDataHandlerContract } from './personal-data.types';

/** Every personal-data handler in the application, discovered at boot. */
@Injectable()
export class PersonalDataRegistry implements OnApplicationBootstrap {
  private handlers: PersonalDataHandlerContract[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
  ) {}

  onApplicationBootstrap(): void {
    const found = this.discovery
      .getProviders()
      .filter((w) => w.metatype && w.instance && this.reflector.get<boolean>(PERSONAL_DATA_HANDLER, w.metatype as Function))
      .map((w) => w.instance as PersonalDataHandlerContract);
    const names = new Set<string>();
    for (const h of found) {
      const { module } = h.describe();
      if (names.has(module)) throw new Error(`Two personal-data handlers claim module "${module}"`);
      names.add(module);
    }
    this.handlers = found.sort((a, b) => a.describe().module.localeCompare(b.describe().module));
  }

  all(): PersonalDataHandlerContract[] {
    return [...this.handlers];
  }

  describeAll(): PersonalDataDescription[] {
    return this.handlers.map((h) => h.describe());
  }

  /** Collection names that some handler declares. */
  declaredCollections(): Set<string> {
    return new Set(this.describeAll().flatMap((d) => d.collections.map((c) => c.collection)));
  }
}
