import { collectionsInUse, undeclaredCollections } from './coverage';
import { orderStages, PersonalDataRegistry } from './personal-data.registry';
import type { PersonalDataDescription, PersonalDataHandlerContract } from './personal-data.types';
import { startApi, TestApi } from '../../../test/support/test-app';

const handler = (d: Partial<PersonalDataDescription> & { module: string }): PersonalDataHandlerContract => ({
  describe: () => ({ collections: [], ...d }),
  export: async () => ({ module: d.module, data: {} }),
  eraseMany: async (subjects) => subjects.map(() => ({ module: d.module, items: [] })),
});
const modulesOf = (stages: PersonalDataHandlerContract[][]) => stages.map((s) => s.map((h) => h.describe().module).sort());

describe(PersonalDataRegistry.name, () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  it('covers every collection the application uses with a handler that declares it', async () => {
    const registry = api.app.get(PersonalDataRegistry);
    const collections = await collectionsInUse(api.connection);
    expect(collections).toEqual(expect.arrayContaining(['accounts', 'audit_events', 'identities']));
    // Sessions live in Redis, not in the database.
    expect(collections).not.toContain('sessions');
    expect(undeclaredCollections(collections, registry.declaredCollections())).toEqual([]);
  });

  it('reports a collection that holds data but joined no handler', () => {
    expect(undeclaredCollections(['accounts', 'newsletter_signups', 'audit_events'], new Set(['accounts', 'audit_events']))).toEqual(['newsletter_signups']);
  });

  it('gives every personal field a purpose, legal basis, retention and source, and every collection without personal data a reason', () => {
    for (const d of api.app.get(PersonalDataRegistry).describeAll()) {
      for (const c of d.collections) {
        if (c.holds === 'none') expect([d.module, c.collection, c.reason ? 'reason' : 'no reason']).toEqual([d.module, c.collection, 'reason']);
        for (const f of c.fields) {
          expect([d.module, c.collection, f.field, f.purpose && f.legalBasis && f.retention && f.source ? 'complete' : 'incomplete']).toEqual([
            d.module,
            c.collection,
            f.field,
            'complete',
          ]);
        }
      }
    }
  });

  it('erases in the declared order: the identity module first, then the rest at once, the accounts and the purge schedule last', () => {
    const stages = modulesOf(api.app.get(PersonalDataRegistry).stages());
    expect(stages[0]).toEqual(['identity']);
    expect(stages.slice(-2)).toEqual([['accounts'], ['retention']]);
    expect(stages[1]).toEqual(expect.arrayContaining(['billing', 'notifications', 'profile']));
  });

  it('orders by `after` within a phase and refuses handlers that wait on each other', () => {
    expect(modulesOf(orderStages([handler({ module: 'b', after: ['a'] }), handler({ module: 'a' }), handler({ module: 'c', after: ['absent'] })]))).toEqual([
      ['a', 'c'],
      ['b'],
    ]);
    expect(() => orderStages([handler({ module: 'a', after: ['b'] }), handler({ module: 'b', after: ['a'] })])).toThrow('wait on each other: a, b');
  });

  it('refuses two handlers claiming one collection', () => {
    const registry = new PersonalDataRegistry(undefined as never, undefined as never);
    const c = { collection: 'things', fields: [] };
    expect(() => registry.load([handler({ module: 'a', collections: [c] }), handler({ module: 'b', collections: [c] })])).toThrow(
      '"things" is declared by both "a" and "b"',
    );
  });
});
