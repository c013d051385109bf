import type { ErasureOutcome, FoundIdentifiers, Subject } from './personal-data.types';

/** The distinct account ids of a batch of subjects. */
export function accountIdsOf(subjects: Subject[]): string[] {
  return [...new Set(subjects.flatMap((s) => (s.accountId ? [s.accountId] : [])))];
}

/** The distinct (lower-cased) email addresses of a batch of subjects. */
export function emailsOf(subjects: Subject[]): string[] {
  return [...new Set(subjects.flatMap((s) => s.emails.map((e) => e.trim().toLowerCase())))];
}

/**
 * Counts documents per subject: each document goes to the first subject owning one of its keys
 * (account id, email ...), so a document matched by two identifiers of one person counts once.
 */
export function countPerSubject<D>(
  subjects: Subject[],
  docs: D[],
  keysOfSubject: (s: Subject) => (string | undefined)[],
  keysOfDoc: (d: D) => (string | undefined)[],
): number[] {
  return groupPerSubject(subjects, docs, keysOfSubject, keysOfDoc).map((g) => g.length);
}

/** Like countPerSubject, but returns each subject's documents. */
export function groupPerSubject<D>(
  subjects: Subject[],
  docs: D[],
  keysOfSubject: (s: Subject) => (string | undefined)[],
  keysOfDoc: (d: D) => (string | undefined)[],
): D[][] {
  const owner = new Map<string, number>();
  subjects.forEach((s, i) => {
    for (const k of keysOfSubject(s)) if (k && !owner.has(k)) owner.set(k, i);
  });
  const groups: D[][] = subjects.map(() => []);
  for (const d of docs) {
    for (const k of keysOfDoc(d)) {
      const i = k ? owner.get(k) : undefined;
      if (i !== undefined) {
        groups[i].push(d);
        break;
      }
    }
  }
  return groups;
}

/** Merges identifiers a module found into a subject (deduplicated, emails lower-cased). */
export function withFound(subject: Subject, found: FoundIdentifiers | undefined): Subject {
  if (!found) return subject;
  const emails = [...new Set([...subject.emails, ...(found.emails ?? []).map((e) => e.trim().toLowerCase())])];
  const providers = new Map([...(subject.providerSubjects ?? []), ...(found.providerSubjects ?? [])].map((p) => [`${p.provider}:${p.subject}`, p]));
  const phones = [...new Set([...(subject.phones ?? []), ...(found.phones ?? [])])];
  return {
    ...subject,
    accountId: subject.accountId ?? found.accountId,
    subjectId: subject.subjectId ?? found.subjectId,
    emails,
    providerSubjects: [...providers.values()],
    phones,
  };
}

/** The outcome rows of a module for every subject of a batch, from per-subject counts. */
export function outcomesFrom(
  module: string,
  size: number,
  rows: (Omit<ErasureOutcome['items'][number], 'count'> & { counts: number[] })[],
  found?: (FoundIdentifiers | undefined)[],
): ErasureOutcome[] {
  return Array.from({ length: size }, (_, i) => ({
    module,
    items: rows.map(({ counts, ...row }) => ({ ...row, count: counts[i] ?? 0 })),
    ...(found?.[i] ? { found: found[i] } : {}),
  }));
}
