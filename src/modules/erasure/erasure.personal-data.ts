import { Injectable } from '@nestjs/common';
import { PersonalDataHandler } from '../../core/personal-data/personal-data.decorator';
import { ErasureOutcome, PersonalDataDescription, PersonalDataHandlerContract, SubjectExport } from '../../core/personal-data/personal-data.types';

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
          fields: [{ field: 'subject (account id, subject id, emails, provider ids) while the erasure runs; counts per category after', category: 'identity', purpose: 'erasing your data completely even if a run is interrupted, and proving it', legalBasis: 'legal obligation (Art. 17)', retention: 'identifiers dropped as soon as the residue sweep verifies the erasure; counts kept', source: 'system' }],
        },
      ],
    };
  }

  async export(): Promise<SubjectExport> {
    return { module: 'erasure', data: {} };
  }

  /** The run is the erasure itself: it forgets the person when it is verified. */
  async erase(): Promise<ErasureOutcome> {
    return { module: 'erasure', items: [] };
  }
}
