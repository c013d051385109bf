/** The categories personal data falls in (DESIGN: personal-data registry). */
export type DataCategory = 'contact' | 'billing' | 'identity' | 'content' | 'technical';

export interface FieldDescription {
  field: string;
  category: DataCategory;
  purpose: string;
  legalBasis: string;
  retention: string;
  /** Where it came from: user-entered, google, facebook, linkedin, agent, system, billing-system ... */
  source: string;
}

/**
 * What a collection holds: `personal` (it identifies people: erased and exported), `pseudonymous` (opaque
 * subject ids only, e.g. the audit trail: the id-to-person mapping dies with the account), or `none`
 * (no personal data at all; `reason` says why).
 */
export type CollectionHolds = 'personal' | 'pseudonymous' | 'none';

/** The kinds of identifier a field may hold, for verification lookups after an erasure. */
export type IdentifierKind = 'accountId' | 'subjectId' | 'email' | 'providerSubject' | 'phone';

export interface CollectionDescription {
  collection: string;
  /** Default `personal`. */
  holds?: CollectionHolds;
  /** For `holds: 'none'`: why no personal data is in it. */
  reason?: string;
  fields: FieldDescription[];
  /**
   * The fields that hold an identifier of a person (dotted paths), each backed by an index: per-batch
   * verification looks the erased people up in exactly these, so its cost follows the people erased.
   */
  identifiedBy?: { field: string; kind: IdentifierKind }[];
  /**
   * The residue check leaves these documents alone: the erasure's own bookkeeping, or a message that is
   * itself the proof of erasure and is scrubbed once sent. Each exemption names why.
   */
  residueExempt?: { reason: string; where?: Record<string, string | number | boolean> };
  /** Who receives this data besides us (group companies, subcontractors); empty when nobody. */
  recipients?: string[];
  /** What erasure does to it (default deleted); kept records name their legal basis and period */
  onErasure?: { action: ErasureAction; basis?: string; period?: string };
}

/**
 * When a module erases, relative to the others: `discover` runs first (it finds more identifiers of the
 * person, e.g. the addresses of linked sign-ins, for everyone after it), `erase` (the default) in
 * parallel with the other modules, `finalize` last (it deletes what maps ids to people). Within a phase,
 * `after` names the modules that must finish first.
 */
export type ErasurePhase = 'discover' | 'erase' | 'finalize';

/**
 * A query a scheduled job or a hot request path runs, with the index that must back it: equality fields,
 * then at most the range fields, then the sort. The declared-query test fails when no index of the
 * collection serves it (FerretDB: the collection's index list; MongoDB: `explain` shows no COLLSCAN).
 */
export interface DeclaredQuery {
  /** Who runs it, e.g. "retention scan (cron)" */
  name: string;
  collection: string;
  /** Fields compared by equality (or `$in`) */
  equals: string[];
  /** Fields compared by a range (`$lt`, `$lte`, `$gt`) after the equality fields */
  range?: string[];
  /** The sort, after the filter */
  sort?: Record<string, 1 | -1>;
}

export interface PersonalDataDescription {
  /** Module name, e.g. "accounts" */
  module: string;
  /** Every collection the module owns, personal or not: the coverage test and the residue check read these. */
  collections: CollectionDescription[];
  /** The queries of its scheduled jobs and hot request paths, each backed by an index (see DeclaredQuery). */
  queries?: DeclaredQuery[];
  phase?: ErasurePhase;
  after?: string[];
}

/**
 * A person: an account, or someone known only by a verified email who never signed up.
 * Handlers find their data by any of these identifiers.
 */
export interface Subject {
  accountId?: string;
  subjectId?: string;
  emails: string[];
  providerSubjects?: { provider: string; subject: string }[];
  phones?: string[];
}

export type ErasureAction = 'deleted' | 'anonymised' | 'kept';

/** Identifiers of a person that a module found while erasing (for the next handlers and the residue sweep). */
export type FoundIdentifiers = Partial<Pick<Subject, 'emails' | 'phones' | 'providerSubjects' | 'accountId' | 'subjectId'>>;

/**
 * A handler that finds more identifiers of the people it erases (e.g. the addresses of linked sign-ins)
 * calls this with them, one entry per subject, after reading and BEFORE deleting, so the engine has them
 * recorded even if the process dies half-way.
 */
export type FoundCallback = (found: (FoundIdentifiers | undefined)[]) => Promise<void>;

export interface ErasureOutcome {
  module: string;
  /** One row per category/collection touched */
  items: {
    collection: string;
    category: DataCategory;
    action: ErasureAction;
    count: number;
    /** For kept records: the legal basis and until when */
    basis?: string;
    keptUntil?: string;
  }[];
  /** More identifiers of the person this module found (e.g. the addresses of linked sign-in identities) */
  found?: FoundIdentifiers;
}

export interface SubjectExport {
  module: string;
  /** Records by collection; an empty object means this module holds nothing about the subject. */
  data: Record<string, unknown[]>;
}

/** Every module that stores personal data provides one of these, decorated with @PersonalDataHandler(). */
export interface PersonalDataHandlerContract {
  describe(): PersonalDataDescription;
  export(subject: Subject): Promise<SubjectExport>;
  /**
   * Erases a batch of people: one outcome per subject, in the same order, with that person's counts.
   * Idempotent: running it twice leaves the same state and reports zero the second time. Work per batch,
   * not per person (one read and one write per collection), so a purge of many people stays cheap.
   */
  eraseMany(subjects: Subject[], found?: FoundCallback): Promise<ErasureOutcome[]>;
  /**
   * More identifiers of the subject this module knows (the account's subject id, the addresses of linked
   * sign-ins, a phone number): SubjectResolver merges every handler's answer into one subject, which the
   * access export, the CLI export and the requests desk all use.
   */
  identifiers?(subject: Subject): Promise<FoundIdentifiers>;
}
