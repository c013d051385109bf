import { collectionsInUse, undeclaredCollections } from './coverage';
import { PersonalDataRegistry } from './personal-data.registry';
import { startApi, TestApi } from '../../../test/support/test-app';

describe(PersonalDataRegistry.name, () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  it('covers every collection the application uses with a handler or a stated reason', async () => {
    const registry = api.app.get(PersonalDataRegistry);
    const collections = await collectionsInUse(api.connection);
    expect(collections).toEqual(expect.arrayContaining(['accounts', 'audit_events']));
    // Sessions live in Redis, not in the database.
    expect(collections).not.toContain('sessions');
    expect(undeclaredCollections(collections, registry.declaredCollections())).toEqual([]);
  });

  it('reports a collection that holds data but joined no handler', () => {
    expect(undeclaredCollections(['accounts', 'newsletter_signups', 'audit_events'], new Set(['accounts']))).toEqual(['newsletter_signups']);
  });

  it('gives every handler a description with purpose, legal basis, retention and source for each field', () => {
    for (const d of api.app.get(PersonalDataRegistry).describeAll()) {
      for (const c of d.collections) {
        for (const f of c.fields) {
          expect([d.module, c.collection, f.field, f.purpose && f.legalBasis && f.retention && f.source ? 'complete' : 'incomplete']).toEqual([d.module, c.collection, f.field, 'complete']);
        }
      }
    }
  });
});
