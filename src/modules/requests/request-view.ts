import type { QueueFilter } from './requests.repository';
import type { QueueQueryDto } from './dto/requests.dto';
import type { DataRequest } from './schemas/data-request.schema';

const iso = (d?: Date) => (d ? new Date(d).toISOString() : null);

/** The queue filters: dueBefore, or due=soon (within 7 days) / due=overdue. */
export function queueFilter(q: QueueQueryDto, now: Date): QueueFilter {
  const dueBefore = q.dueBefore ? new Date(q.dueBefore) : q.due === 'soon' ? new Date(now.getTime() + 7 * 86_400_000) : q.due === 'overdue' ? now : undefined;
  return { status: q.status, type: q.type, dueBefore, assignee: q.assignee, after: q.after, limit: q.limit ?? 50 };
}

/** A request as agents see it (no token hashes). */
export function requestView(r: DataRequest) {
  return {
    id: r._id,
    type: r.type,
    alsoRequested: r.alsoRequested ?? [],
    status: r.status,
    channel: r.channel,
    reference: r.reference ?? null,
    email: r.email ?? null,
    hasAccount: !!r.accountId,
    details: r.details ?? null,
    childEmail: r.childEmail ?? null,
    locale: r.locale,
    createdAt: iso(r.createdAt),
    verifiedAt: iso(r.verifiedAt),
    dueAt: iso(r.dueAt),
    originalDueAt: iso(r.originalDueAt),
    extension: r.extension ? { reason: r.extension.reason, at: iso(r.extension.at), by: r.extension.by } : null,
    assignee: r.assignee ?? null,
    duplicateOf: r.duplicateOf ?? null,
    outcome: r.outcome ?? null,
    closedAt: iso(r.closedAt),
    triage: r.triage ? { suggested: r.triage.suggested ?? [], note: r.triage.note ?? null } : null,
    timeline: (r.timeline ?? []).map((e) => ({ at: iso(e.at), kind: e.kind, what: e.what, by: e.by, text: e.text ?? null })),
  };
}
export type RequestView = ReturnType<typeof requestView>;
