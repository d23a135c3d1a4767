/* signpost: load the search runtime when the header search box is first used. */
(function (d) {
  'use strict';
  var form = d.querySelector('form[data-search-scripts]'), input = form && form.querySelector('input[name="q"]'), done = 0;
  if (!input || d.querySelector('[data-search-index]') || !window.fetch || !window.DecompressionStream) return;
  function load() {
    if (done++) return;
    form.getAttribute('data-search-scripts').split(' ').forEach(function (src) {
      var s = d.createElement('script');
      s.src = src;
      s.async = false;
      d.head.appendChild(s);
    });
  }
  input.addEventListener('focus', load);
  input.addEventListener('input', load);
  if (d.activeElement === input) load();
})(document);
