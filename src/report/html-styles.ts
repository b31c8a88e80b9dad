/**
 * The report's one stylesheet. Constant text: the CSP allows exactly this block by its hash,
 * so no style can come from server data (and the report uses no style attributes).
 */
export const REPORT_CSS = `
:root{--bg:#f5f6f8;--card:#fff;--ink:#1d2330;--muted:#5d6677;--line:#e2e5eb;--head:#131a2a;
--critical:#b42318;--high:#dc6803;--medium:#b58105;--low:#2e6ad1;--info:#667085;--none:#98a2b3;
--open:#c4320a;--partial:#b58105;--auth:#12805c;--likely:#7a5af8;--other:#98a2b3}
*{box-sizing:border-box}
[hidden]{display:none!important}
body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
header.top{background:var(--head);color:#fff;padding:28px 40px 24px}
header.top h1{margin:0 0 4px;font-size:22px;font-weight:650;letter-spacing:.2px}
header.top .meta{color:#aab3c5;font-size:13px}
header.top .headline{margin:18px 0 0;font-size:20px;font-weight:600;line-height:1.35;max-width:70em}
header.top .headline b{color:#ffb4a8}
main{padding:24px 40px 48px;max-width:1400px;margin:0 auto}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:12px;margin-bottom:20px}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:14px 16px}
.card .num{font-size:26px;font-weight:700;line-height:1.1}
.card .lbl{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.5px;margin-top:4px}
.card.alert .num{color:var(--open)}
.card.good .num{color:var(--auth)}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:12px;margin-bottom:24px}
.chart{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:14px 16px}
.chart h2,.section h2{font-size:15px;margin:0 0 10px;font-weight:650}
.chart svg{width:100%;height:auto;display:block}
.chart svg text{font:12px system-ui,sans-serif;fill:var(--ink)}
.chart svg text.muted{fill:var(--muted)}
.chart svg text.big{font-size:24px;font-weight:700}
.chart .empty{color:var(--muted);font-size:13px;padding:20px 0}
.filters{position:sticky;top:0;z-index:2;display:flex;flex-wrap:wrap;gap:10px;align-items:center;background:var(--bg);padding:10px 0;border-bottom:1px solid var(--line);margin-bottom:12px}
.filters label{font-size:12px;color:var(--muted);display:flex;gap:6px;align-items:center}
.filters input,.filters select{font:inherit;padding:6px 8px;border:1px solid #c9ced8;border-radius:6px;background:#fff;color:var(--ink)}
.filters input{min-width:280px}
.filters .count{margin-left:auto;color:var(--muted);font-size:13px}
details.server{background:var(--card);border:1px solid var(--line);border-left:5px solid var(--none);border-radius:10px;margin-bottom:10px}
details.server.risk-critical{border-left-color:var(--critical)}
details.server.risk-high{border-left-color:var(--high)}
details.server.risk-medium{border-left-color:var(--medium)}
details.server.risk-low{border-left-color:var(--low)}
details.server.risk-info{border-left-color:var(--info)}
details.server>summary{list-style:none;cursor:pointer;padding:12px 16px;display:grid;grid-template-columns:110px minmax(0,1fr) auto;gap:14px;align-items:center}
details.server>summary::-webkit-details-marker{display:none}
.target{font:600 14px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}
.sub{color:var(--muted);font-size:12.5px;overflow-wrap:anywhere}
.chips{display:flex;gap:6px;flex-wrap:wrap;justify-content:flex-end}
.pill{display:inline-block;border-radius:999px;padding:1px 9px;font-size:11.5px;font-weight:600;border:1px solid transparent;white-space:nowrap}
.risk{display:flex;flex-direction:column;align-items:flex-start;gap:2px}
.risk .score{font-size:20px;font-weight:700;line-height:1}
.sev-critical{background:#fee4e2;color:var(--critical);border-color:#fecdca}
.sev-high{background:#fef0c7;color:#93370d;border-color:#fedf89}
.sev-medium{background:#fef7c3;color:#854a0e;border-color:#feee95}
.sev-low{background:#e0eaff;color:#1849a9;border-color:#c7d7fe}
.sev-info,.sev-none{background:#f2f4f7;color:#475467;border-color:#eaecf0}
.st-mcp-open{background:#fee4e2;color:var(--open)}
.st-mcp-partial{background:#fef7c3;color:#854a0e}
.st-mcp-auth-required{background:#d1fadf;color:#05603a}
.st-mcp-likely{background:#ebe9fe;color:#5925dc}
.st-other{background:#f2f4f7;color:#475467}
.body{padding:0 16px 16px;border-top:1px solid var(--line)}
.facts{display:grid;grid-template-columns:repeat(auto-fit,minmax(220px,1fr));gap:4px 18px;margin:12px 0;font-size:13px}
.facts div{overflow-wrap:anywhere}
.facts span{color:var(--muted)}
h3{font-size:13px;text-transform:uppercase;letter-spacing:.5px;color:var(--muted);margin:16px 0 6px}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid var(--line)}
th{font-size:11.5px;text-transform:uppercase;letter-spacing:.4px;color:var(--muted);font-weight:600;background:#fafbfc}
td.name{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;white-space:nowrap}
td .desc,.body>.desc{white-space:pre-wrap;overflow-wrap:anywhere;max-height:9em;overflow:auto}
.body>.desc{font-size:13px;background:#fafbfc;border:1px solid var(--line);border-radius:6px;padding:8px}
td .remedy{color:var(--muted);margin-top:3px}
ul.evidence{margin:4px 0;padding-left:18px;font-size:13px;color:var(--muted)}
.section{margin-top:28px}
footer{color:var(--muted);font-size:12px;padding:0 40px 30px;max-width:1400px;margin:0 auto}
pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#fafbfc;border:1px solid var(--line);border-radius:6px;padding:8px;font-size:12px}
@media print{.filters{display:none}details.server{break-inside:avoid}}
`;
