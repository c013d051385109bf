import { declaredQueries, indexServes, unservedQueries } from './declared-queries';

describe('declared queries', () => {
  it('an index serves the equality fields in any order, then the range or the sort', () => {
    expect(indexServes({ equals: ['provider', 'providerSubject'] }, { providerSubject: 1, provider: 1 })).toBe(true);
    expect(indexServes({ equals: ['providerSubject'] }, { provider: 1, providerSubject: 1 })).toBe(false);
    expect(indexServes({ equals: ['status'], range: ['dueAt'] }, { status: 1, dueAt: 1 })).toBe(true);
    expect(indexServes({ equals: ['status'], range: ['dueAt'] }, { dueAt: 1, status: 1 })).toBe(false);
    expect(indexServes({ equals: ['status'], sort: { _id: 1 } }, { status: 1 })).toBe(false);
    expect(indexServes({ equals: ['status'], sort: { _id: 1 } }, { status: 1, _id: 1 })).toBe(true);
    expect(indexServes({ equals: ['status'], sort: { publishedAt: -1, _id: -1 } }, { status: 1, publishedAt: 1, _id: 1 })).toBe(true);
    expect(indexServes({ equals: ['status'], sort: { publishedAt: -1, _id: -1 } }, { status: 1, publishedAt: -1, _id: 1 })).toBe(false);
    expect(indexServes({ equals: [] }, { _id: 1 })).toBe(false);
  });

  it('lists every identifiedBy lookup but subject ids of pseudonymous and wholly exempt collections, and finds the unserved', () => {
    const queries = declaredQueries([
      {
        module: 'm',
        collections: [
          { collection: 'a', fields: [], identifiedBy: [{ field: 'accountId', kind: 'accountId' }] },
          { collection: 'b', holds: 'pseudonymous', fields: [], identifiedBy: [{ field: 'target', kind: 'subjectId' }] },
          { collection: 'c', fields: [], residueExempt: { reason: 'x' }, identifiedBy: [{ field: 'x', kind: 'email' }] },
        ],
        queries: [{ name: 'scan', collection: 'a', equals: [], range: ['dueAt'] }],
      },
    ]);
    expect(queries.map((q) => `${q.collection}:${[...q.equals, ...(q.range ?? [])].join(',')}`).sort()).toEqual(['a:accountId', 'a:dueAt']);
    expect(unservedQueries(queries, (): Record<string, number>[] => [{ _id: 1 }, { accountId: 1 }]).map((q) => q.name)).toEqual(['scan']);
  });
});
