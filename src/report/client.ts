/**
 * The report's only script: draws a trace's waterfall when its row is
 * clicked (or chosen with Enter). All text goes in through textContent.
 */
export const CLIENT = `
(function(){
  var data = JSON.parse(document.getElementById('trace-data').textContent);
  var panel = document.getElementById('waterfall');
  function el(tag, cls, text){ var e = document.createElement(tag); if (cls) e.className = cls; if (text != null) e.textContent = text; return e; }
  function show(i){
    var t = data[i]; if (!t) return;
    document.querySelectorAll('#traces tbody tr').forEach(function(r){ r.classList.toggle('sel', r.dataset.i === String(i)); });
    panel.textContent = '';
    panel.appendChild(el('h3', null, t.name));
    panel.appendChild(el('div', 'sub', t.head));
    var total = Math.max(1, t.total);
    t.rows.forEach(function(r){
      var row = el('div', 'wf-row');
      var name = el('div', 'wf-name' + (r.f ? ' folded-name' : ''), r.n);
      name.style.paddingLeft = (Math.min(r.d, 12) * 14) + 'px';
      name.title = r.n + (r.x ? '  ' + r.x : '');
      var track = el('div', 'wf-track');
      var bar = el('div', 'wf-bar' + (r.f ? ' folded' : r.o ? ' open' : r.e ? ' err' : ''));
      bar.style.left = (100 * r.s / total).toFixed(3) + '%';
      bar.style.width = (100 * r.w / total).toFixed(3) + '%';
      bar.title = r.n + ' · ' + r.t + (r.x ? ' · ' + r.x : '');
      track.appendChild(bar);
      var dur = el('div', 'wf-dur', r.t);
      if (r.x) { var note = el('span', 'wf-note', ' ' + r.x); name.appendChild(note); }
      row.appendChild(name); row.appendChild(track); row.appendChild(dur);
      panel.appendChild(row);
    });
  }
  document.querySelectorAll('#traces tbody tr').forEach(function(r){
    r.addEventListener('click', function(){ show(Number(r.dataset.i)); });
    r.addEventListener('keydown', function(e){ if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); show(Number(r.dataset.i)); } });
  });
})();
`;
