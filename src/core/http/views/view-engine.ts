import Handlebars from 'handlebars';
import { LAYOUT_MESSAGES } from './layout.messages';
import type { PageLocale } from './locale';
import { PAGE_STYLES } from './page.styles';
import { frameLinks } from './nav';

/**
 * Server-rendered pages: Handlebars templates kept as TypeScript string modules (so `tsc` ships
 * them), one shared frame, translated strings, and small accessible form partials. Handlebars
 * escapes every {{value}}; only {{{body}}} of the frame is raw.
 */
export const hbs = Handlebars.create();

type Messages = Record<string, string>;

function interpolate(text: string, args: Record<string, unknown>): string {
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (args[k] === undefined || args[k] === null ? m : String(args[k])));
}

hbs.registerHelper('t', function (this: unknown, key: string, options: Handlebars.HelperOptions) {
  const messages = (options.data?.root?.messages ?? {}) as Messages;
  const text = messages[key];
  return text === undefined ? key : interpolate(text, options.hash ?? {});
});
hbs.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).join(''));
hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
hbs.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
hbs.registerHelper('idOf', (name: string) => String(name).replace(/[^A-Za-z0-9_-]/g, '-'));
hbs.registerHelper('json', (value: unknown) => JSON.stringify(value, null, 2));

/** A labelled input with its hint and error next to it (aria-describedby ties them together). */
hbs.registerPartial(
  'field',
  `<div class="field{{#if wide}} wide{{/if}}{{#if error}} has-error{{/if}}">
  <label for="{{idOf name}}">{{label}}{{#if optional}} <span class="muted">({{t "form.optional"}})</span>{{/if}}</label>
  {{#if hint}}<span class="hint" id="{{idOf name}}-hint">{{hint}}</span>{{/if}}
  {{#if error}}<span class="error" id="{{idOf name}}-error"><span class="visually-hidden">{{t "form.error"}}:</span> {{error}}</span>{{/if}}
  <input type="{{#if type}}{{type}}{{else}}text{{/if}}" id="{{idOf name}}" name="{{name}}" value="{{value}}"{{#if autocomplete}} autocomplete="{{autocomplete}}"{{/if}}{{#if readonly}} readonly{{/if}}{{#if required}} required{{/if}}{{#if maxlength}} maxlength="{{maxlength}}"{{/if}}{{#if error}} aria-invalid="true"{{/if}}{{#if (or hint error)}} aria-describedby="{{#if hint}}{{idOf name}}-hint {{/if}}{{#if error}}{{idOf name}}-error{{/if}}"{{/if}}>
</div>`,
);

/** A labelled select; `options` is [{ value, label, selected }]. */
hbs.registerPartial(
  'select',
  `<div class="field{{#if wide}} wide{{/if}}{{#if error}} has-error{{/if}}">
  <label for="{{idOf name}}">{{label}}{{#if optional}} <span class="muted">({{t "form.optional"}})</span>{{/if}}</label>
  {{#if error}}<span class="error" id="{{idOf name}}-error"><span class="visually-hidden">{{t "form.error"}}:</span> {{error}}</span>{{/if}}
  <select id="{{idOf name}}" name="{{name}}"{{#if autocomplete}} autocomplete="{{autocomplete}}"{{/if}}{{#if error}} aria-invalid="true" aria-describedby="{{idOf name}}-error"{{/if}}>
    {{#each options}}<option value="{{value}}"{{#if selected}} selected{{/if}}>{{label}}</option>{{/each}}
  </select>
</div>`,
);

const FRAME = hbs.compile(`<!doctype html>
<html lang="{{lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{title}} · {{t "layout.brand"}}</title>
<style>{{{styles}}}.visually-hidden{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}</style>
</head>
<body>
<a class="skip" href="#main">{{t "layout.skip"}}</a>
<header class="site"><div class="bar">
  <a class="brand" href="/{{#if langQuery}}?lang={{lang}}{{/if}}">{{t "layout.brand"}}</a>
  <nav aria-label="{{t "layout.nav.label"}}"><ul>
    {{#each navLinks}}<li><a href="{{href}}"{{#if current}} aria-current="page"{{/if}}>{{label}}</a></li>
    {{/each}}
    {{#if signedIn}}<li><form method="post" action="/auth/logout"><input type="hidden" name="_csrf" value="{{csrf}}"><button class="linkish" type="submit">{{t "layout.nav.signout"}}</button></form></li>
    {{else}}<li><a href="/signin">{{t "layout.nav.signin"}}</a></li>{{/if}}
  </ul></nav>
  {{#if langPost}}
  <form class="langs" method="post" action="/profile/language" aria-label="{{t "layout.lang.label"}}">
    <input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="next" value="{{currentPath}}">
    {{#each langLinks}}<button class="linkish" type="submit" name="locale" value="{{code}}" lang="{{code}}"{{#if current}} aria-current="true"{{/if}}>{{label}}</button>{{/each}}
  </form>
  {{else}}
  <div class="langs" role="group" aria-label="{{t "layout.lang.label"}}">
    {{#each langLinks}}<a href="{{href}}" lang="{{code}}" hreflang="{{code}}"{{#if current}} aria-current="true"{{/if}}>{{label}}</a>{{/each}}
  </div>
  {{/if}}
</div></header>
<main id="main" tabindex="-1">
{{{body}}}
</main>
<footer class="site"><p>{{t "layout.footer"}}{{#each footerLinks}} <a href="{{href}}">{{label}}</a>{{/each}}</p></footer>
</body>
</html>`);

export interface PageFrame {
  lang: PageLocale;
  /** The page's own strings; the frame's are added */
  messages: Messages;
  /** Key of the page title in `messages` */
  titleKey: string;
  /** The key of the frame link (NavEntry) this page is, marked as current */
  current?: string;
  signedIn?: boolean;
  /** The viewer's roles: role-only frame links show for them */
  roles?: readonly string[];
  /** CSRF token for the frame's sign-out form */
  csrf?: string;
  /** Links of the language switch: the same page in each language */
  langLinks: { code: PageLocale; href: string }[];
  /** Keep ?lang= in the frame's links (anonymous pages, where no account preference exists) */
  langQuery?: boolean;
  /** The language switch saves the account's preference (POST /profile/language) instead of linking ?lang= */
  langPost?: boolean;
  /** Path the language switch returns to */
  currentPath?: string;
}

/** A compiled page body: call it with the page's model. */
export type View<M> = (model: M & PageFrame) => string;

export function compileView<M>(template: string): View<M> {
  const body = hbs.compile(template);
  return (model) => {
    const messages = { ...LAYOUT_MESSAGES[model.lang], ...model.messages };
    const ctx = {
      ...model,
      messages,
      styles: PAGE_STYLES,
      title: messages[model.titleKey] ?? model.titleKey,
      langLinks: model.langLinks.map((l) => ({ ...l, label: messages[`lang.${l.code}`] ?? l.code, current: l.code === model.lang })),
      navLinks: frameLinks({ ...model, placement: 'nav' }),
      footerLinks: frameLinks({ ...model, placement: 'footer' }),
    };
    return FRAME({ ...ctx, body: body(ctx) });
  };
}
