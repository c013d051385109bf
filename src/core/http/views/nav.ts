import type { Role } from '../../auth/principal';
import type { PageLocale } from './locale';

/**
 * A link in the shared page frame, registered by the module that owns the page (core names no page of
 * a module): in the main navigation or the footer, for everyone, for signed-in people, or for roles.
 */
export interface NavEntry {
  /** Unique key; also what a page passes as `current` to mark itself */
  key: string;
  href: string;
  labels: Record<PageLocale, string>;
  placement?: 'nav' | 'footer';
  /** Lower first (default 100) */
  order?: number;
  /** Shown only to signed-in people */
  signedIn?: boolean;
  /** Shown only to people holding one of these roles */
  roles?: Role[];
}

const entries = new Map<string, NavEntry>();

/** Adds (or replaces, by key) a frame link; modules call this from `onModuleInit`. */
export function registerNavEntry(entry: NavEntry): void {
  entries.set(entry.key, entry);
}

export interface FrameLink {
  href: string;
  label: string;
  current: boolean;
}

/** The frame's links for a viewer, in order; anonymous pages keep `?lang=` on them. */
export function frameLinks(opts: {
  lang: PageLocale;
  placement: 'nav' | 'footer';
  signedIn?: boolean;
  roles?: readonly string[];
  current?: string;
  langQuery?: boolean;
}): FrameLink[] {
  return [...entries.values()]
    .filter((e) => (e.placement ?? 'nav') === opts.placement)
    .filter((e) => !e.signedIn || opts.signedIn)
    .filter((e) => !e.roles?.length || e.roles.some((r) => opts.roles?.includes(r)))
    .sort((a, b) => (a.order ?? 100) - (b.order ?? 100) || a.key.localeCompare(b.key))
    .map((e) => ({
      href: opts.langQuery && !e.signedIn ? `${e.href}${e.href.includes('?') ? '&' : '?'}lang=${opts.lang}` : e.href,
      label: e.labels[opts.lang] ?? e.labels.en,
      current: e.key === opts.current,
    }));
}
