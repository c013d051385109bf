import { Injectable } from '@nestjs/common';
import { PersonalDataHandler } from '../../core/personal-data/personal-data.decorator';
import { ErasureOutcome, PersonalDataDescription, PersonalDataHandlerContract, Subject, SubjectExport } from '../../core/personal-data/personal-data.types';

/** The erasure's own bookkeeping: identifiers held only while a run is in progress. */
@Injectable()
@PersonalDataHandler()
export class ErasurePersonalData implements PersonalDataHandlerContract {
  describe(): PersonalDataDescription {
    return {
      module: 'erasure',
      collections: [
        {
          collection: 'erasure_runs',
          residueExempt: { reason: 'the erasure itself: it holds the identifiers it verifies until the verification is done' },
          fields: [
            {
              field: 'subject (account id, subject id, emails, provider ids) while the erasure runs',
              category: 'identity',
              purpose: 'erasing your data completely even if a run is interrupted, and proving it',
              legalBasis: 'legal obligation (Art. 17)',
              retention: 'identifiers dropped as soon as the residue sweep verifies the erasure',
              source: 'system',
            },
          ],
        },
        {
          collection: 'erasure_steps',
          residueExempt: { reason: 'what each module found and did while erasing, until the batch is verified' },
          fields: [
            {
              field: 'per module: counts per category, and identifiers found while erasing (addresses and provider ids of linked sign-ins)',
              category: 'identity',
              purpose: 'resuming an interrupted erasure after the last finished module, and letting the residue sweep look for every identifier',
              legalBasis: 'legal obligation (Art. 17)',
              retention: 'deleted as soon as the residue sweep verifies every erasure of the batch; the counts live on in the receipt',
              source: 'system',
            },
          ],
        },
        {
          collection: 'erasure_receipts',
          holds: 'none',
          reason: 'proof of erasures: counts, legal bases and keyed hashes (HASH_SECRET) only, which cannot be turned back into an address',
          fields: [],
          residueExempt: { reason: 'keyed hashes only' },
        },
        {
          collection: 'residue_audit_hashes',
          holds: 'none',
          reason:
            'keyed hashes (HASH_SECRET, purpose erasure:residue-audit) of identifiers of erased people, which cannot be turned back into them; dropped once a full audit has passed them',
          fields: [],
          residueExempt: { reason: 'keyed hashes only: what the full audit looks for' },
        },
        {
          collection: 'residue_audits',
          holds: 'none',
          reason: 'the progress of the full residue audit: collection names, positions, counts and where hits were found (collection, field, document id)',
          fields: [],
          residueExempt: { reason: "the audit's own record" },
        },
      ],
      queries: [
        { name: 'per-batch verification: runs awaiting it (residue-sweep)', collection: 'erasure_runs', equals: ['status'] },
        { name: 'erasure batch: its runs (heartbeat, anyRunning, statuses)', collection: 'erasure_runs', equals: ['batch'] },
        { name: 'erasure batch: its steps', collection: 'erasure_steps', equals: ['batch'] },
        { name: 'full residue audit: the one running', collection: 'residue_audits', equals: ['status'] },
        { name: 'full residue audit: hashes it passed', collection: 'residue_audit_hashes', equals: [], range: ['addedAt'] },
      ],
    };
  }

  async export(): Promise<SubjectExport> {
    return { module: 'erasure', data: {} };
  }

  /** The run is the erasure itself: it forgets the person when it is verified. */
  async eraseMany(subjects: Subject[]): Promise<ErasureOutcome[]> {
    return subjects.map(() => ({ module: 'erasure', items: [] }));
  }
}
