import { FieldError } from './domain-error';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const TITLES: Record<number, string> = {
  400: 'Something in the request was not right',
  401: 'Please sign in',
  403: 'Not allowed',
  404: 'Page not found',
  409: 'Changed elsewhere',
  413: 'Too large',
  429: 'Slow down',
  500: 'Something went wrong',
  503: 'Temporarily unavailable',
};

/** A plain, self-contained error page for browsers: the message and code, never a stack or a token. */
export function renderErrorPage(body: { statusCode: number; code: string; message: string; errors?: FieldError[]; errorId?: string }): string {
  const title = TITLES[body.statusCode] ?? 'Something went wrong';
  const list = body.errors?.length ? `<ul>${body.errors.map((e) => `<li><strong>${escape(e.field)}</strong>: ${escape(e.message)}</li>`).join('')}</ul>` : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)} · RightsDesk</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1d2330}code{background:#eef1f5;padding:.1rem .3rem;border-radius:3px}a{color:#0b57d0}</style></head>
<body><main><h1>${escape(title)}</h1><p role="alert">${escape(body.message)}</p>${list}<p><small>Code <code>${escape(body.code)}</code> · status ${body.statusCode}</small></p><p><a href="/">Back to the start page</a></p></main></body></html>`;
}
