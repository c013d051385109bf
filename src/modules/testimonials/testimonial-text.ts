import { createHash } from 'node:crypto';
import { Display, DISPLAY_FIELDS, DisplayField } from './schemas/testimonial.schema';

export interface TestimonialText {
  quote: string;
  display: Display;
  materialConnection?: string;
}

/**
 * SHA-256 (hex) of exactly what a consent covers: the quote, the requested display and the disclosure,
 * as canonical JSON (fixed key order, absent fields null). Any edit of any of them changes it.
 */
export function textSha256(t: TestimonialText): string {
  const canonical = JSON.stringify([t.quote, t.display.name, t.display.jobTitle ?? null, t.display.company ?? null, t.materialConnection ?? null]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/** The display fields that exist on this testimonial, among those asked for. */
export function scopeOf(display: Display, show: readonly string[] | undefined): DisplayField[] {
  return DISPLAY_FIELDS.filter((f) => (show ?? []).includes(f) && !!display[f]);
}

/** How the quote appears with this scope: only the allowed fields. */
export function shownAs(display: Display, scope: readonly string[]): Partial<Display> {
  const out: Partial<Display> = {};
  for (const f of DISPLAY_FIELDS) if (scope.includes(f) && display[f]) out[f] = display[f];
  return out;
}

export function normaliseDisplay(d: { name: string; jobTitle?: string; company?: string }): Display {
  const clean = (v?: string) => (v && v.trim() ? v.trim() : undefined);
  return { name: d.name.trim(), ...(clean(d.jobTitle) ? { jobTitle: clean(d.jobTitle) } : {}), ...(clean(d.company) ? { company: clean(d.company) } : {}) };
}
