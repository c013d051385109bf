import { PROFILE_FIELDS, Profile, ProfileField, ProfileValues } from './schemas/profile.schema';

/** What a PATCH asks for: a value per field, null to remove, undefined when not sent. */
export type ProfileInput = { [K in ProfileField]?: unknown };

/** Drops null, undefined and empty-string members; an object left empty counts as absent. */
export function compact(value: unknown): unknown {
  if (value === null || value === undefined || value === '') return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const c = compact(v);
    if (c !== undefined) out[k] = c;
  }
  return Object.keys(out).length ? out : undefined;
}

/** Canonical JSON (sorted keys) to compare stored and requested values. */
function canonical(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => a.localeCompare(b));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

export interface ProfileDiff {
  set: Partial<ProfileValues>;
  unset: ProfileField[];
  fields: ProfileField[];
}

/** The fields whose requested value differs from the stored one. */
export function diffProfile(current: Profile, input: ProfileInput): ProfileDiff {
  const diff: ProfileDiff = { set: {}, unset: [], fields: [] };
  for (const field of PROFILE_FIELDS) {
    if (input[field] === undefined) continue;
    const next = compact(input[field]);
    const prev = compact(current[field]);
    if (canonical(next) === canonical(prev)) continue;
    diff.fields.push(field);
    if (next === undefined) diff.unset.push(field);
    else (diff.set as Record<string, unknown>)[field] = next;
  }
  return diff;
}
