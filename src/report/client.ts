/**
 * The report's only script: draws a trace's waterfall when its row is
 * clicked (or chosen with Enter), and a span's detail when its row in the
 * waterfall is, and filters the trace list. All text goes in through textContent; a link's address was
 * checked to be http(s) before it was written into the data.
 */
export const CLIENT = `
(function(){
  var data = JSON.parse(document.getElementById('trace-data').textContent);
  var panel = document.getElementById('waterfall');
  function el(tag, cls, text){ var e = document.createElement(tag); if (cls) e.className = cls; if (text != null) e.textContent = text; return e; }
  function link(text, href){ var a = el('a', null, text); a.href = href; a.target = '_blank'; a.rel = 'noopener noreferrer'; return a; }
  function pct(v, total){ return (100 * v / total).toFixed(3) + '%'; }
  function rowsOf(list, rows){
    var dl = el('dl', 'kv');
    rows.forEach(function(r){
      dl.appendChild(el('dt', null, r[0]));
      var dd = el('dd');
      if (r[2]) dd.appendChild(link(r[1], r[2])); else dd.textContent = r[1];
      dl.appendChild(dd);
    });
    list.appendChild(dl);
  }
  function detail(box, r){
    box.textContent = '';
    var title = el('h4', r.e ? 'err' : null, r.n + (r.x ? '  ' + r.x : ''));
    box.appendChild(title);
    r.a.forEach(function(g){
      if (g[0] === 'All attributes') {
        var all = el('details', 'group'); all.appendChild(el('summary', null, 'All attributes (' + g[1].length + ')'));
        rowsOf(all, g[1]); box.appendChild(all); return;
      }
      var sec = el('section', 'group'); sec.dataset.group = g[0]; sec.appendChild(el('h5', null, g[0]));
      rowsOf(sec, g[1]); box.appendChild(sec);
    });
  }
  function show(i){
    var t = data[i]; if (!t) return;
    document.querySelectorAll('#traces tbody tr').forEach(function(r){ r.classList.toggle('sel', r.dataset.i === String(i)); });
    panel.textContent = '';
    panel.appendChild(el('h3', null, t.name));
    var sub = el('div', 'sub', t.head);
    if (t.url) { sub.appendChild(document.createTextNode(' · ')); sub.appendChild(link('open in your tracing UI', t.url)); }
    panel.appendChild(sub);
    var legend = el('div', 'wf-legend');
    legend.appendChild(el('span', 'key crit')); legend.appendChild(document.createTextNode('critical path (what the trace waited on)  '));
    legend.appendChild(el('span', 'key err')); legend.appendChild(document.createTextNode('failed  '));
    legend.appendChild(el('span', 'hint', 'click a span for its details'));
    panel.appendChild(legend);
    var total = Math.max(1, t.total);
    var box = el('div', 'span-detail');
    var rows = [];
    t.rows.forEach(function(r, k){
      var row = el('div', 'wf-row' + (r.e ? ' failed' : '') + (r.c.length ? ' on-path' : ''));
      var name = el('div', 'wf-name' + (r.f ? ' folded-name' : ''), r.n);
      name.style.paddingLeft = (Math.min(r.d, 12) * 14) + 'px';
      name.title = r.n + (r.x ? '  ' + r.x : '');
      var track = el('div', 'wf-track');
      var bar = el('div', 'wf-bar' + (r.f ? ' folded' : r.o ? ' open' : r.e ? ' err' : ''));
      bar.style.left = pct(r.s, total);
      bar.style.width = pct(r.w, total);
      bar.title = r.n + ' · ' + r.t + (r.x ? ' · ' + r.x : '');
      track.appendChild(bar);
      r.c.forEach(function(c){ var seg = el('div', 'wf-crit'); seg.style.left = pct(c[0], total); seg.style.width = pct(c[1] - c[0], total); track.appendChild(seg); });
      var dur = el('div', 'wf-dur', r.t);
      if (r.x) { var note = el('span', 'wf-note', ' ' + r.x); name.appendChild(note); }
      row.appendChild(name); row.appendChild(track); row.appendChild(dur);
      if (r.a) {
        row.tabIndex = 0; row.dataset.k = String(k); row.classList.add('pick');
        var pick = function(){ rows.forEach(function(o){ o.classList.toggle('sel', o === row); }); detail(box, r); };
        row.addEventListener('click', pick);
        row.addEventListener('keydown', function(e){ if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); pick(); } });
      }
      rows.push(row);
      panel.appendChild(row);
    });
    panel.appendChild(box);
    // one column (a narrow window): the waterfall is below the list, so bring it into view
    var at = panel.getBoundingClientRect();
    if (at.top > window.innerHeight || at.bottom < 0) panel.scrollIntoView({ block: 'start' });
  }
  var filters = ['f-name', 'f-type', 'f-status', 'f-service'].map(function(id){ return document.getElementById(id); });
  function applyFilters(){
    var q = filters[0].value.trim().toLowerCase(), type = filters[1].value, status = filters[2].value, service = filters[3].value, shown = 0;
    document.querySelectorAll('#traces tbody tr').forEach(function(r){
      var t = data[Number(r.dataset.i)];
      var match = (!q || t.name.toLowerCase().indexOf(q) >= 0 || t.id.indexOf(q) === 0) && (!type || t.types.indexOf(type) >= 0) && (!status || t.status === status) && (!service || t.services.indexOf(service) >= 0);
      r.hidden = !match; if (match) shown++;
    });
    document.getElementById('f-count').textContent = (shown === data.length ? '' : shown + ' of ') + data.length + ' trace' + (data.length === 1 ? '' : 's');
    document.getElementById('f-none').hidden = shown > 0;
  }
  filters.forEach(function(f){ f.addEventListener('input', applyFilters); f.addEventListener('change', applyFilters); });
  document.querySelectorAll('#traces tbody tr').forEach(function(r){
    r.addEventListener('click', function(){ show(Number(r.dataset.i)); });
    r.addEventListener('keydown', function(e){ if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); show(Number(r.dataset.i)); } });
  });
})();
`;
