/* signpost: a table or code block that overflows is a Tab stop and a named region, as nhsuk-frontend 10 makes it */
(function (d) {
  var all = [].slice.call(d.querySelectorAll('.nhsuk-scroll__content, .nhsuk-code__content'));
  function update(el) {
    var over = el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1, c;
    if (over === el.hasAttribute('tabindex')) return;
    if (!over) return ['tabindex', 'role', 'aria-labelledby', 'aria-label'].forEach(el.removeAttribute, el);
    el.setAttribute('tabindex', '0');
    el.setAttribute('role', 'region');
    if ((c = el.querySelector('caption[id]'))) el.setAttribute('aria-labelledby', c.id);
    else if ((c = el.querySelector('caption')) && c.textContent.trim()) el.setAttribute('aria-label', c.textContent.trim());
    else el.setAttribute('aria-label', el.getAttribute('data-app-label'));
  }
  function each() { all.forEach(update); }
  each();
  if (!window.ResizeObserver) return window.addEventListener('resize', each);
  var ro = new ResizeObserver(each);
  all.forEach(function (el) { ro.observe(el); });
})(document);
