"""The term explorer page: plain HTML, CSS and JavaScript drawing SVG; nothing from the network.

In the spirit of scattertext (Kessler 2017): each term is a point placed by its
frequency in two periods (log scale, with a small fixed jitter so tied counts do not
hide each other), coloured by its keyness z-score; clicking a point or searching a
term (also ``explorer.html#q=term``) shows its keywords in context from each period,
the frames of the paragraphs it occurs in and the actors named in its sentences.

References
----------
.. [1] Kessler, J. S. (2017). Scattertext: a browser-based tool for visualizing how
       corpora differ. ACL 2017 System Demonstrations. https://arxiv.org/abs/1703.00565
"""

from __future__ import annotations

from .html import esc

CSS = """
body{font:14px/1.4 'DejaVu Sans',Arial,sans-serif;color:#222;margin:0;padding:.8rem 1.2rem}
h1{font-size:1.25rem;margin:.2rem 0} .note{color:#555;font-size:.8rem}
#wrap{display:flex;flex-wrap:wrap;gap:1rem} #plotbox{flex:0 0 620px} #panel{flex:1 1 340px;min-width:300px}
svg{background:#fff;border:1px solid #ddd} circle{cursor:pointer} circle.sel{stroke:#000;stroke-width:2}
.ctl{margin:.3rem 0} input[type=search]{width:14rem;padding:.2rem} select{padding:.1rem}
.kwic{font:12.5px/1.5 'DejaVu Sans Mono',monospace;border-bottom:1px dotted #ddd;padding:.15rem 0}
.kwic b{color:#b34000} .doc{color:#777;font-size:.75rem} .flag{color:#a33}
table{border-collapse:collapse;font-size:.85rem} td,th{border-bottom:1px solid #ddd;padding:.1rem .5rem;text-align:left}
td.n{text-align:right} .lists{display:flex;gap:2rem;flex-wrap:wrap} .lists a{cursor:pointer;color:#0060a0}
.legend span{display:inline-block;width:.9rem;height:.9rem;vertical-align:middle;margin:0 .2rem}
"""

JS = r"""
(function(){
"use strict";
const D = JSON.parse(document.getElementById("explorer-data").textContent);
const P = D.periods, NS = "http://www.w3.org/2000/svg";
const byTerm = new Map(), byForm = new Map();
D.terms.forEach(function(t, i){ byTerm.set(t[0].toLowerCase(), i); if(!byForm.has(t[1].toLowerCase())) byForm.set(t[1].toLowerCase(), i); });
function el(tag, attrs, text){ const e = document.createElement(tag); for(const k in (attrs||{})) e.setAttribute(k, attrs[k]); if(text!==undefined) e.textContent = text; return e; }
function hash(s){ let h = 2166136261; for(let i=0;i<s.length;i++){ h ^= s.charCodeAt(i); h = Math.imul(h, 16777619); } return (h>>>0)/4294967296; }
function colour(z){ const a = Math.min(Math.abs(z)/1.96, 1); const c = z>0 ? [213,94,0] : [0,114,178];
  const g = [190,190,190]; const m = g.map(function(v,k){ return Math.round(v + (c[k]-v)*a); }); return "rgb("+m.join(",")+")"; }
const xs = document.getElementById("xperiod"), ys = document.getElementById("yperiod");
P.forEach(function(p, i){ xs.appendChild(el("option", {value:i}, D.labels[p])); ys.appendChild(el("option", {value:i}, D.labels[p])); });
xs.value = 0; ys.value = P.length-1;
const svg = document.getElementById("plot"), W = 600, H = 600, M = 46;
let selected = -1;
function draw(){
  while(svg.firstChild) svg.removeChild(svg.firstChild);
  const xi = +xs.value, yi = +ys.value;
  let mx = 1, my = 1;
  D.terms.forEach(function(t){ mx = Math.max(mx, Math.log2(1+t[2][xi])); my = Math.max(my, Math.log2(1+t[2][yi])); });
  const sx = function(v){ return M + v/(mx+0.5)*(W-2*M); }, sy = function(v){ return H-M - v/(my+0.5)*(H-2*M); };
  for(let k=0;k<=Math.ceil(Math.max(mx,my));k++){
    const c = Math.pow(2,k)-1; if(k<=mx+0.01){ const tx = document.createElementNS(NS,"text"); tx.setAttribute("x", sx(k)); tx.setAttribute("y", H-M+14); tx.setAttribute("font-size","10"); tx.setAttribute("text-anchor","middle"); tx.textContent = c; svg.appendChild(tx); }
    if(k<=my+0.01){ const ty = document.createElementNS(NS,"text"); ty.setAttribute("x", M-6); ty.setAttribute("y", sy(k)+3); ty.setAttribute("font-size","10"); ty.setAttribute("text-anchor","end"); ty.textContent = c; svg.appendChild(ty); } }
  const diag = document.createElementNS(NS,"line"); diag.setAttribute("x1",sx(0)); diag.setAttribute("y1",sy(0)); diag.setAttribute("x2",sx(Math.min(mx,my))); diag.setAttribute("y2",sy(Math.min(mx,my))); diag.setAttribute("stroke","#ccc"); svg.appendChild(diag);
  const lx = document.createElementNS(NS,"text"); lx.setAttribute("x", W/2); lx.setAttribute("y", H-8); lx.setAttribute("text-anchor","middle"); lx.setAttribute("font-size","12"); lx.textContent = "count in " + D.labels[P[xi]] + " (log scale)"; svg.appendChild(lx);
  const ly = document.createElementNS(NS,"text"); ly.setAttribute("transform","translate(12,"+(H/2)+") rotate(-90)"); ly.setAttribute("text-anchor","middle"); ly.setAttribute("font-size","12"); ly.textContent = "count in " + D.labels[P[yi]] + " (log scale)"; svg.appendChild(ly);
  D.terms.forEach(function(t, i){
    const j1 = (hash(t[0]) - 0.5)*0.36, j2 = (hash(t[0]+"#") - 0.5)*0.36;
    const c = document.createElementNS(NS,"circle");
    c.setAttribute("cx", sx(Math.log2(1+t[2][xi]) + j1).toFixed(1)); c.setAttribute("cy", sy(Math.log2(1+t[2][yi]) + j2).toFixed(1));
    c.setAttribute("r", 3.2); c.setAttribute("fill", colour(t[3][yi])); c.setAttribute("fill-opacity", "0.8");
    c.setAttribute("data-i", i); if(i===selected) c.setAttribute("class","sel");
    const ti = document.createElementNS(NS,"title"); ti.textContent = t[1] + " — " + P.map(function(p,k){ return p+": "+t[2][k]; }).join(", ") + "; z(" + P[yi] + ") = " + t[3][yi];
    c.appendChild(ti); svg.appendChild(c); });
  if(selected>=0){ const s = svg.querySelector('circle[data-i="'+selected+'"]'); if(s){ svg.appendChild(s);
    const lab = document.createElementNS(NS,"text"); lab.setAttribute("x", +s.getAttribute("cx")+6); lab.setAttribute("y", +s.getAttribute("cy")-6); lab.setAttribute("font-size","12"); lab.setAttribute("font-weight","bold"); lab.textContent = D.terms[selected][1]; svg.appendChild(lab); } }
}
svg.addEventListener("click", function(ev){ const i = ev.target.getAttribute && ev.target.getAttribute("data-i"); if(i!==null && i!==undefined) show(+i); });
function countTable(rows, name){
  const tb = el("table"); const hr = el("tr"); hr.appendChild(el("th", {}, name)); P.forEach(function(p){ hr.appendChild(el("th", {}, p)); }); tb.appendChild(hr);
  rows.forEach(function(r){ const tr = el("tr"); tr.appendChild(el("td", {}, r[0])); r[1].forEach(function(v){ tr.appendChild(el("td", {class:"n"}, v)); }); tb.appendChild(tr); });
  return tb; }
function show(i){
  selected = i; const t = D.terms[i]; const box = document.getElementById("term"); box.textContent = "";
  box.setAttribute("data-term", t[0]);
  box.appendChild(el("h2", {}, t[1] + (t[1] !== t[0] ? " (" + t[0] + ")" : "")));
  box.appendChild(el("p", {}, P.map(function(p,k){ return D.labels[p] + ": " + t[2][k] + " occurrences, keyness z = " + t[3][k]; }).join("; ")));
  const ctx = el("div", {id:"contexts"}); const rows = D.kwic[t[0]] || [];
  P.forEach(function(p, k){
    const mine = rows.filter(function(r){ return r[0]===k; });
    ctx.appendChild(el("h3", {}, "In context: " + D.labels[p] + " (" + mine.length + " of " + t[2][k] + " shown)"));
    mine.forEach(function(r){ const d = el("div", {class:"kwic", "data-period": p});
      d.appendChild(document.createTextNode(r[4])); d.appendChild(el("b", {}, r[5])); d.appendChild(document.createTextNode(r[6]));
      d.appendChild(el("span", {class:"doc"}, "  — " + (D.documents[r[1]] || r[1]) + ", paragraph " + r[2] + ", sentence " + r[3]));
      if(r[7]) d.appendChild(el("span", {class:"flag", title:"sentence flagged as a machine-translation problem"}, " † flagged"));
      ctx.appendChild(d); }); });
  box.appendChild(ctx);
  const fr = D.frames[t[0]] || [], ac = D.actors[t[0]] || [];
  box.appendChild(el("h3", {}, "Frames of the paragraphs it occurs in (occurrences)"));
  box.appendChild(fr.length ? countTable(fr, "frame") : el("p", {class:"note"}, "no frame present in these paragraphs, or no frame table"));
  box.appendChild(el("h3", {}, "Actors named in the same sentences (sentences)"));
  box.appendChild(ac.length ? countTable(ac, "actor") : el("p", {class:"note"}, "no actor named in these sentences, or no actor table"));
  draw(); document.body.setAttribute("data-selected", t[0]);
}
function find(q){
  q = (q||"").trim().toLowerCase(); if(!q) return;
  const key = q.replace(/[\s\-]+/g, "_");
  let i = byTerm.has(q) ? byTerm.get(q) : byTerm.has(key) ? byTerm.get(key) : byForm.has(q) ? byForm.get(q) : -1;
  if(i<0){ for(let k=0;k<D.terms.length;k++){ if(D.terms[k][0].toLowerCase().indexOf(key)===0){ i=k; break; } } }
  const msg = document.getElementById("msg");
  if(i<0){ msg.textContent = "No term matches '" + q + "' (terms are lemmas; multi-word names use _)."; document.body.setAttribute("data-selected", ""); return; }
  msg.textContent = ""; document.getElementById("q").value = D.terms[i][1]; show(i);
}
document.getElementById("search").addEventListener("submit", function(ev){ ev.preventDefault(); const q = document.getElementById("q").value; history.replaceState(null, "", "#q=" + encodeURIComponent(q)); find(q); });
xs.addEventListener("change", draw); ys.addEventListener("change", draw);
function lists(){
  const box = document.getElementById("lists");
  P.forEach(function(p, k){
    const top = D.terms.map(function(t, i){ return [t[3][k], i]; }).filter(function(a){ return a[0] > 0 && D.terms[a[1]][4]; })
      .sort(function(a, b){ return b[0]-a[0] || (D.terms[a[1]][0] < D.terms[b[1]][0] ? -1 : 1); }).slice(0, 15);
    const col = el("div"); col.appendChild(el("h3", {}, "Most distinctive of " + D.labels[p] + " (content words)"));
    const ol = el("ol"); top.forEach(function(a){ const li = el("li"); const l = el("a", {}, D.terms[a[1]][1]);
      l.addEventListener("click", function(){ find(D.terms[a[1]][0]); }); li.appendChild(l); li.appendChild(document.createTextNode(" (z = " + a[0] + ")")); ol.appendChild(li); });
    col.appendChild(ol); box.appendChild(col); }); }
function fromHash(){ const m = /[#&?]q=([^&]*)/.exec(location.hash || location.search); if(m) find(decodeURIComponent(m[1].replace(/\+/g, " "))); }
window.addEventListener("hashchange", fromHash);
draw(); lists(); fromHash();
document.body.setAttribute("data-ready", "1");
})();
"""


def explorer_html(data_json: str, *, title: str = "Term explorer", caps_note: str = "") -> str:
    """The explorer page around its embedded data (see :func:`analysis.report.explorer.explorer_data`)."""
    return "\n".join([
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{esc(title)}</title><style>{CSS}</style></head><body>",
        f"<h1>{esc(title)}</h1>",
        '<p class="note">Each point is a term (a lemma, or a multi-word name), placed by how often it occurs '
        "in each period (log scale; points are jittered slightly so equal counts do not hide each other). "
        'Colour: keyness z-score of the period on the vertical axis against the others (<span class="legend">'
        '<span style="background:rgb(213,94,0)"></span>characteristic of it, full colour from |z| &ge; 1.96; <span style="background:rgb(0,114,178)">'
        "</span>characteristic of the other period, grey: neither</span>), from <code>keyness.csv</code>. "
        "Click a point or search a term; the address <code>explorer.html#q=term</code> opens a term directly. "
        "<a href=\"index.html\">Back to the report</a>.</p>",
        '<div id="wrap"><div id="plotbox"><div class="ctl">x: <select id="xperiod"></select> '
        'y: <select id="yperiod"></select></div>',
        '<svg id="plot" width="600" height="600" viewBox="0 0 600 600" role="img" '
        'aria-label="terms by frequency in each period"></svg></div>',
        '<div id="panel"><form id="search" class="ctl"><input type="search" id="q" placeholder="search a term, e.g. iran" '
        'aria-label="term"> <button type="submit">Show</button></form><p id="msg" class="note"></p>'
        '<div id="term"><p class="note">Click a point or search a term.</p></div></div></div>',
        '<div id="lists" class="lists"></div>',
        f'<p class="note">{esc(caps_note)}</p>',
        f'<script type="application/json" id="explorer-data">{data_json}</script>',
        f"<script>{JS}</script></body></html>", ""])
