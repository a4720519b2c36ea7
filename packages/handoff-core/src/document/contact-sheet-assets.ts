/**
 * The stylesheet and script inlined in index.html. Both are constant, so their sha256 (in the
 * page's Content-Security-Policy) changes only when this file does. Plain ES5 and CSS: the page is
 * opened from file:// in whatever browser the receiving team has.
 */

export const CONTACT_SHEET_CSS = `
:root{color-scheme:light;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d1d1f;background:#f5f5f4}
body{margin:0}
[hidden]{display:none!important}
header{position:sticky;top:0;z-index:1;background:#fff;border-bottom:1px solid #ddd;padding:12px 24px}
h1{font-size:1.25rem;margin:0 0 4px}
.meta{margin:0;color:#555;font-size:.875rem}
.controls{display:flex;flex-wrap:wrap;gap:12px;align-items:center;margin-top:8px;font-size:.875rem}
.controls input,.controls select{font:inherit;padding:4px 6px}
.controls input{min-width:18rem}
main{padding:8px 24px 48px}
h2{font-size:1.05rem;margin:24px 0 8px}
h2 .n{color:#777;font-weight:normal}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:16px;list-style:none;margin:0;padding:0}
.card{background:#fff;border:1px solid #e2e2e2;border-radius:8px;overflow:hidden;display:flex;flex-direction:column}
.thumb{display:flex;align-items:center;justify-content:center;height:220px;background:#ebebea}
.thumb img,.thumb video{display:block;max-width:100%;max-height:220px;width:auto;height:auto}
.thumb .file{font-weight:600;color:#444}
dl{display:grid;grid-template-columns:auto 1fr;gap:2px 8px;margin:0;padding:10px 12px;font-size:.8rem}
dt{color:#777}
dd{margin:0;overflow-wrap:anywhere}
.prompt{grid-column:1/-1;margin:0 0 4px;font-size:.85rem;line-height:1.35}
code{font-size:.95em}
.ai{display:inline-block;margin-left:4px;padding:0 5px;border-radius:4px;background:#e8eefc;color:#24408e;font-size:.75em}
`;

export const CONTACT_SHEET_SCRIPT = `
(function () {
  var campaign = document.getElementById('campaign');
  var search = document.getElementById('search');
  var count = document.getElementById('count');
  var cards = Array.prototype.slice.call(document.querySelectorAll('.card'));
  var sections = Array.prototype.slice.call(document.querySelectorAll('section.campaign'));
  var texts = cards.map(function (card) { return card.textContent.toLowerCase(); });
  function apply() {
    var wanted = campaign.value;
    var terms = search.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var shown = 0;
    cards.forEach(function (card, i) {
      var ok = (!wanted || card.getAttribute('data-campaign') === wanted) &&
        terms.every(function (t) { return texts[i].indexOf(t) !== -1; });
      card.hidden = !ok;
      if (ok) shown++;
    });
    sections.forEach(function (s) { s.hidden = !s.querySelector('.card:not([hidden])'); });
    count.textContent = shown + ' of ' + cards.length + ' shown';
  }
  campaign.addEventListener('change', apply);
  search.addEventListener('input', apply);
  apply();
})();
`;
