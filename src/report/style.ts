/** The report's stylesheet: inline, system fonts, light and dark. */
export const STYLE = `
:root{--bg:#f6f7f9;--card:#fff;--ink:#1f2933;--muted:#687684;--line:#e3e7ec;--accent:#0f766e;--accent2:#5eead4;--err:#dc2626;--open:#a16207;--crit:#111827}
@media (prefers-color-scheme:dark){:root{--bg:#0f1419;--card:#171d24;--ink:#e6e9ed;--muted:#8b98a5;--line:#2a323c;--accent:#2dd4bf;--accent2:#115e59;--err:#f87171;--open:#facc15;--crit:#f9fafb}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
header{padding:22px 32px 8px}
h1{margin:0;font-size:22px;font-weight:650}
h2{font-size:16px;margin:28px 0 10px}
h3{margin:0 0 6px;font-size:15px}
.sub{color:var(--muted)}
main{padding:0 32px 40px;max-width:1400px}
table{border-collapse:collapse;width:100%;background:var(--card);border:1px solid var(--line);border-radius:8px;overflow:hidden}
th,td{padding:7px 10px;text-align:right;border-bottom:1px solid var(--line);white-space:nowrap}
th{font-weight:600;color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em;background:var(--bg)}
th:first-child,td:first-child,td.name,th.name{text-align:left}
td.name{max-width:420px;overflow:hidden;text-overflow:ellipsis}
tr:last-child td{border-bottom:none}
.num{font-variant-numeric:tabular-nums}
.err{color:var(--err)}
.ok{color:var(--accent)}
.open{color:var(--open)}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(640px,100%),1fr));gap:14px}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:14px 16px}
#dora td,#dora th,#deployments td,#deployments th{white-space:normal;padding:6px 7px;font-size:13px}
#dora td,#deployments td{overflow-wrap:anywhere}
#dora td.name,#deployments td.name{max-width:none}
.card .charts{display:flex;flex-wrap:wrap;gap:10px 12px}
.card figure{margin:0;width:300px;max-width:100%}
.card figcaption{font-size:12px;color:var(--muted);text-align:center}
.card .meta{color:var(--muted);font-size:12px;margin-bottom:4px}
.chart{width:100%;height:auto;display:block;overflow:visible}
.chart .bar{fill:var(--accent);opacity:.85}
.chart .bar:hover{opacity:1}
.chart .marker{stroke:var(--ink);stroke-dasharray:3 3;opacity:.55}
.chart text{font-size:11px}
.chart .mark{fill:var(--ink);font-weight:600}
.chart .axis,.chart .legend{fill:var(--muted)}
.chart .title{font-style:italic}
.chart .empty{fill:var(--muted);font-size:12px}
.chart .empty.strong{fill:var(--ink);font-weight:600;font-size:13px}
.chart .tick{stroke:var(--muted)}
.chart .baseline,.chart .grid{stroke:var(--line)}
.chart .p50{fill:none;stroke:var(--accent);stroke-width:1.8}
.chart .p90{fill:none;stroke:var(--accent);stroke-width:1.2;stroke-dasharray:4 3;opacity:.6}
.chart .dot{fill:var(--accent)}
.chart .dot.err{fill:var(--err)}
#traces tbody tr{cursor:pointer}
#traces tbody tr:hover,#traces tbody tr.sel{background:color-mix(in srgb,var(--accent) 10%,transparent)}
#traces tbody tr:focus{outline:2px solid var(--accent);outline-offset:-2px}
.layout{display:grid;grid-template-columns:minmax(0,11fr) minmax(0,9fr);gap:14px;align-items:start}
.scroll{overflow:auto;max-height:min(80vh,900px);border-radius:8px}
#traces{overflow:visible}
#traces thead th{position:sticky;top:0;z-index:1}
#traces td,#traces th{padding:6px 7px;font-size:13px}
#traces td.name{max-width:120px}
#traces td:first-child{max-width:220px}
#traces td.when{color:var(--muted)}
@media (max-width:1100px){.layout{grid-template-columns:1fr}}
.filters{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:0 0 10px}
.filters input,.filters select{font:inherit;font-size:13px;padding:5px 8px;border:1px solid var(--line);border-radius:6px;background:var(--card);color:var(--ink)}
.filters input{flex:1 1 220px;min-width:0;max-width:360px}
#traces tbody tr[hidden]{display:none}
#waterfall{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:14px 16px;position:sticky;top:10px}
#waterfall .hint{color:var(--muted)}
.wf-row{display:grid;grid-template-columns:minmax(0,38%) 1fr 76px;gap:8px;align-items:center;height:22px;font-size:13px}
.wf-name{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.wf-track{position:relative;height:12px;background:var(--bg);border-radius:3px}
.wf-bar{position:absolute;top:0;height:12px;border-radius:3px;background:var(--accent);min-width:2px}
.wf-bar.err{background:var(--err)}
.wf-bar.open{background:repeating-linear-gradient(45deg,var(--open),var(--open) 4px,transparent 4px,transparent 7px)}
.wf-bar.folded{background:var(--muted);opacity:.35}
.wf-dur{text-align:right;font-variant-numeric:tabular-nums;color:var(--muted)}
.wf-note{color:var(--err);font-size:12px}
.folded-name{color:var(--muted);font-style:italic}
.wf-crit{position:absolute;top:4px;height:4px;background:var(--crit);border-radius:2px;pointer-events:none}
.wf-row.failed .wf-name{color:var(--err)}
.wf-row.pick{cursor:pointer;border-radius:4px}
.wf-row.pick:hover,.wf-row.sel{background:color-mix(in srgb,var(--accent) 10%,transparent)}
.wf-row.pick:focus{outline:2px solid var(--accent);outline-offset:-2px}
.wf-legend{display:flex;flex-wrap:wrap;align-items:center;gap:4px 6px;font-size:12px;color:var(--muted);margin:6px 0 8px}
.wf-legend .key{display:inline-block;width:18px;height:6px;border-radius:2px}
.wf-legend .key.crit{background:var(--crit)}
.wf-legend .key.err{background:var(--err)}
.wf-legend .hint{margin-left:auto}
.span-detail:not(:empty){margin-top:12px;border-top:1px solid var(--line);padding-top:10px}
.span-detail h4{margin:0 0 8px;font-size:14px;overflow-wrap:anywhere}
.span-detail h5{margin:10px 0 4px;font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
.span-detail summary{margin-top:10px;font-size:12px;color:var(--muted);cursor:pointer}
.kv{display:grid;grid-template-columns:minmax(90px,max-content) minmax(0,1fr);gap:2px 12px;margin:0;font-size:13px}
.kv dt{color:var(--muted)}
.kv dd{margin:0;overflow-wrap:anywhere;white-space:pre-wrap;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
.kv a{color:var(--accent)}
footer{color:var(--muted);font-size:12px;padding:0 32px 24px}
`;
