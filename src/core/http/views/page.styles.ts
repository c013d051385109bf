/** The stylesheet every page shares (inline: the CSP allows inline styles, not scripts). */
export const PAGE_STYLES = `
:root{--ink:#1d2330;--muted:#5a6475;--line:#d5dae3;--bg:#f5f7fa;--card:#fff;--brand:#0b57d0;--brand-dark:#0842a0;--danger:#b3261e;--ok:#146c2e;--focus:#ffbf47}
*{box-sizing:border-box}
html{font-size:100%}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg);line-height:1.5}
a{color:var(--brand)}
a:hover{color:var(--brand-dark)}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.skip{position:absolute;left:-9999px;top:0;background:#fff;padding:.5rem 1rem;z-index:10}
.skip:focus{left:1rem}
header.site{background:#12263f;color:#fff}
header.site .bar{max-width:60rem;margin:0 auto;padding:.75rem 1rem;display:flex;gap:1rem;align-items:center;flex-wrap:wrap}
header.site .brand{color:#fff;font-weight:700;font-size:1.15rem;text-decoration:none;margin-right:auto}
header.site nav ul{list-style:none;margin:0;padding:0;display:flex;gap:1rem;align-items:center;flex-wrap:wrap}
header.site nav a{color:#dfe8f7}
header.site nav a[aria-current=page]{color:#fff;font-weight:600}
header.site form{margin:0}
header.site .linkish{background:none;border:0;color:#dfe8f7;text-decoration:underline;font:inherit;cursor:pointer;padding:0}
.langs{display:flex;gap:.5rem;font-size:.9rem}
.langs a{color:#dfe8f7}
.langs [aria-current=true]{color:#fff;font-weight:600;text-decoration:none}
main{max-width:60rem;margin:0 auto;padding:1.5rem 1rem 3rem}
h1{font-size:1.9rem;margin:.5rem 0 1rem}
h2{font-size:1.3rem;margin:0 0 .75rem}
h3{font-size:1.05rem;margin:1rem 0 .5rem}
.lead{color:var(--muted);margin-top:-.5rem}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:1.25rem 1.5rem;margin:0 0 1.25rem}
.card.danger{border-color:#e8b4b0}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(15rem,1fr));gap:0 1.25rem}
.grid>.wide{grid-column:1/-1}
.grid.two{grid-template-columns:repeat(auto-fit,minmax(18rem,1fr))}
.field{margin:0 0 1rem}
.field label,.label{display:block;font-weight:600;margin-bottom:.25rem}
.hint{display:block;color:var(--muted);font-size:.9rem;margin:-.1rem 0 .3rem}
input[type=text],input[type=email],input[type=tel],input[type=date],select{width:100%;max-width:32rem;font:inherit;padding:.5rem .6rem;border:2px solid #8a94a6;border-radius:4px;background:#fff;color:var(--ink)}
input[readonly]{background:#eef1f5;border-color:var(--line)}
.field.has-error input,.field.has-error select{border-color:var(--danger)}
.error{display:block;color:var(--danger);font-weight:600;margin:.1rem 0 .3rem}
fieldset{border:1px solid var(--line);border-radius:6px;padding:1rem 1rem .25rem;margin:0 0 1rem}
legend{font-weight:700;padding:0 .35rem}
.check{display:flex;gap:.6rem;align-items:flex-start;margin:0 0 1rem}
.check input{width:1.25rem;height:1.25rem;margin-top:.15rem}
.btn,.button{display:inline-block;font:inherit;font-weight:600;padding:.55rem 1.1rem;border-radius:4px;border:2px solid var(--brand);background:var(--brand);color:#fff;cursor:pointer;text-decoration:none}
.btn:hover,.button:hover{background:var(--brand-dark);border-color:var(--brand-dark);color:#fff}
.btn.secondary{background:#fff;color:var(--brand)}
.btn.secondary:hover{background:#eef3fd}
.btn.danger{background:var(--danger);border-color:var(--danger)}
.actions{display:flex;gap:.75rem;flex-wrap:wrap;align-items:center}
.notice{border-left:5px solid var(--ok);background:#e9f5ec;padding:.75rem 1rem;margin:0 0 1.25rem;border-radius:4px}
.notice.warn{border-color:#b26a00;background:#fff4e5}
.summary{border:3px solid var(--danger);background:#fff;padding:1rem 1.25rem;margin:0 0 1.25rem;border-radius:6px}
.summary h2{color:var(--danger)}
.summary ul{margin:0;padding-left:1.2rem}
.summary a{color:var(--danger);font-weight:600}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.45rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
th{font-size:.9rem;color:var(--muted)}
dl.kv{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0 0 .75rem}
dl.kv dt{font-weight:600}
dl.kv dd{margin:0;overflow-wrap:anywhere}
dl.record{border:1px solid var(--line);border-radius:6px;padding:.75rem 1rem;margin:.5rem 0 1rem;background:#fafbfd;font-size:.95rem}
details>summary{cursor:pointer;font-weight:600;margin:.25rem 0}
.muted{color:var(--muted)}
ul.features{margin:0 0 1.25rem;padding-left:1.2rem}
ul.features li{margin:.3rem 0}
.tag{display:inline-block;background:#eef1f5;border-radius:3px;padding:0 .4rem;font-size:.85rem}
code,pre{background:#eef1f5;border-radius:3px}
pre{padding:.75rem;overflow:auto;font-size:.85rem;white-space:pre-wrap;word-break:break-word}
footer.site{max-width:60rem;margin:0 auto;padding:1rem;color:var(--muted);font-size:.9rem;border-top:1px solid var(--line)}
@media print{header.site,footer.site,.actions{display:none}}
`;
