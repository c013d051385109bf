import { compileView } from '../../../core/http/views/view-engine';

/** One exported record as readable rows: nested keys dotted, lists joined. */
export function recordRows(record: unknown, prefix = ''): { key: string; value: string }[] {
  if (record === null || record === undefined) return prefix ? [{ key: prefix, value: '–' }] : [];
  if (record instanceof Date) return [{ key: prefix, value: record.toISOString() }];
  if (Array.isArray(record)) {
    if (record.every((v) => v === null || typeof v !== 'object')) return [{ key: prefix, value: record.join(', ') || '–' }];
    return record.flatMap((v, i) => recordRows(v, `${prefix}[${i + 1}]`));
  }
  if (typeof record === 'object') {
    const entries = Object.entries(record as Record<string, unknown>);
    if (!entries.length) return prefix ? [{ key: prefix, value: '–' }] : [];
    return entries.flatMap(([k, v]) => recordRows(v, prefix ? `${prefix}.${k}` : k));
  }
  return [{ key: prefix || 'value', value: String(record) }];
}

export interface ExportPageModel {
  generatedAt: string;
  summary: { count: number; total: number };
  modules: {
    module: string;
    holdsNothing: boolean;
    collections: {
      collection: string;
      recipients: string[];
      fields: { field: string; category: string; purpose: string; legalBasis: string; retention: string; source: string }[];
    }[];
    data: { collection: string; count: number; records: { key: string; value: string }[][] }[];
  }[];
}

/** GET /profile/export: the access export (Art. 15) as a readable page. */
export const exportPage = compileView<ExportPageModel>(`
<h1>{{t "export.title"}}</h1>
<p class="lead">{{t "export.lead" brand="RightsDesk" date=generatedAt}}</p>
<p><strong>{{t "export.summaryHolds" count=summary.count total=summary.total}}</strong></p>
<div class="actions" style="margin-bottom:1.25rem">
  <a class="btn" href="/api/profile/export" download>{{t "export.download"}}</a>
  <a class="btn secondary" href="/profile">{{t "export.back"}}</a>
</div>
<nav class="card" aria-labelledby="toc-title"><h2 id="toc-title">{{t "export.toc"}}</h2>
<ul>{{#each modules}}<li><a href="#m-{{module}}">{{module}}</a> – {{#if holdsNothing}}<span class="muted">{{t "export.tocNothing"}}</span>{{else}}{{t "export.tocHolds"}}{{/if}}</li>{{/each}}</ul></nav>
{{#each modules}}
<section class="card" aria-labelledby="m-{{module}}" data-module="{{module}}">
  <h2 id="m-{{module}}">{{module}}</h2>
  {{#if holdsNothing}}<p class="notice">{{t "export.holdsNothing"}}</p>{{/if}}
  {{#unless holdsNothing}}
  <h3>{{t "export.holds"}}</h3>
  {{#each data}}
  <details open><summary>{{t "export.collection" name=collection}} · {{t "export.records" count=count}}</summary>
  {{#each records}}<dl class="kv record">{{#each this}}<dt>{{key}}</dt><dd>{{value}}</dd>{{/each}}</dl>{{/each}}
  </details>
  {{/each}}
  {{/unless}}
  <h3>{{t "export.describes"}}</h3>
  {{#each collections}}
  <p class="muted">{{t "export.collection" name=collection}} · {{t "export.recipients"}}: {{#if recipients.length}}{{#each recipients}}{{this}}{{#unless @last}}, {{/unless}}{{/each}}{{else}}{{t "export.noRecipients"}}{{/if}}</p>
  <div style="overflow-x:auto"><table>
    <thead><tr><th scope="col">{{t "export.field"}}</th><th scope="col">{{t "export.category"}}</th><th scope="col">{{t "export.purpose"}}</th><th scope="col">{{t "export.legalBasis"}}</th><th scope="col">{{t "export.retention"}}</th><th scope="col">{{t "export.source"}}</th></tr></thead>
    <tbody>{{#each fields}}<tr><td>{{field}}</td><td><span class="tag">{{category}}</span></td><td>{{purpose}}</td><td>{{legalBasis}}</td><td>{{retention}}</td><td>{{source}}</td></tr>{{/each}}</tbody>
  </table></div>
  {{/each}}
</section>
{{/each}}
`);
