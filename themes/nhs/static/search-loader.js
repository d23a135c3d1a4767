/* signpost: add the search runtime (and fetch its manifest) when the header box is first used */
(function (d) {
  var f = d.querySelector('form[data-search-scripts]'), q = f && f.querySelector('input[name="q"]'), n = 0;
  if (!q || d.querySelector('[data-search-index]') || !window.fetch || !window.DecompressionStream) return;
  function load() {
    if (n++) return;
    f.signpostManifest = window.fetch(f.getAttribute('data-search-popup') + 'manifest.bin', { cache: 'no-cache' });
    f.getAttribute('data-search-scripts').split(' ').forEach(function (src) {
      var s = d.createElement('script');
      s.src = src;
      s.async = false;
      d.head.appendChild(s);
    });
  }
  q.addEventListener('focus', load);
  q.addEventListener('input', load);
  if (d.activeElement === q) load();
})(document);
