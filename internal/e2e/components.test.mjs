// The theme's NHS.UK components against nhsuk-frontend 10's own: each
// component as signpost writes it on a page of the sample site is compared
// with nhsuk-frontend's template.njk for it, rendered with Nunjucks on the
// same content (read from signpost's page). Compared are the elements, their
// classes (but the theme's own, app-), role and ARIA attributes, scope, rel,
// type, and the visually hidden text; not white space, other text, links or
// ids. Where the theme differs from nhsuk-frontend on purpose, the
// difference is one of `differences` below, with its reason, applied to
// nhsuk-frontend's rendering before the comparison, so any other drift from
// the design system fails.

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import nunjucks from 'nunjucks';

import { launch, pages, visit } from './lib.mjs';

const require = createRequire(import.meta.url);
const dist = path.join(path.dirname(require.resolve('nhsuk-frontend/package.json')), 'dist');
const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(dist), { autoescape: true, throwOnUndefined: false });

// render renders nhsuk-frontend 10's macro of a component with params.
export function render(component, macro, params) {
  return env.renderString(`{% from "nhsuk/components/${component}/macro.njk" import ${macro} %}{{ ${macro}(params) }}`, { params });
}

// The theme's deliberate differences from nhsuk-frontend 10, each a
// function run in the browser on nhsuk-frontend's rendering.
const differences = {
  // vnu rejects role="text" (not an ARIA role); the span stays.
  noRoleText: (root) => root.querySelectorAll('[role="text"]').forEach((el) => el.removeAttribute('role')),
  // The header's "More" is a <details> that works without JavaScript,
  // not nhsuk-frontend's scripted button: it is compared in nav.test.mjs.
  noMenuToggle: (root) => root.querySelectorAll('.nhsuk-header__menu').forEach((el) => el.remove()),
  // scroll.js makes a table's scroll wrapper, or a code block, a named
  // region only while it overflows (scroll.test.mjs); nhsuk-frontend's
  // scroll component is a region whether it overflows or not.
  scrollRegionByScript: (root) =>
    root.querySelectorAll('.nhsuk-scroll__content, .nhsuk-code__content').forEach((el) => {
      for (const a of ['role', 'aria-label', 'aria-labelledby', 'tabindex']) el.removeAttribute(a);
    }),
  // The list of a section's pages has a visible heading, "In this
  // section: <a>the section</a>", which names the navigation, where
  // nhsuk-frontend's contents list has a visually hidden one and an
  // aria-label.
  sectionNavHeading: (root) => {
    const nav = root.matches('.nhsuk-contents-list') ? root : root.querySelector('.nhsuk-contents-list');
    const h2 = nav.querySelector(':scope > h2');
    nav.removeAttribute('aria-label');
    nav.setAttribute('aria-labelledby', 'id');
    h2.className = 'nhsuk-heading-s';
    h2.replaceChildren(document.createElement('a'));
  },
};

// installDifferences makes the differences, passed as source text,
// functions of the page's window.
function installDifferences(src) {
  window.__differences = {};
  // eslint-disable-next-line no-new-func
  for (const [k, v] of Object.entries(src)) window.__differences[k] = new Function(`return (${v})`)();
}

const differencesSource = Object.fromEntries(Object.entries(differences).map(([k, v]) => [k, v.toString()]));

// shape describes the structure of the element matching selector in the
// page (or of the first element of the page's body), one line an element,
// indented by depth: its tag, classes, the attributes that matter to
// assistive technology, and the text of a visually hidden element in «».
// The theme's own classes (app-) are left out.
function shape({ selector, index, apply }) {
  const root = selector ? document.querySelectorAll(selector)[index ?? 0] : document.body.firstElementChild;
  if (!root) return null;
  const copy = root.cloneNode(true);
  for (const name of apply) window.__differences[name](copy);
  const kept = ['role', 'scope', 'rel', 'type', 'focusable', 'open', 'hidden'];
  const walk = (el) => {
    const attrs = {};
    for (const a of el.attributes) {
      if (a.name.startsWith('aria-')) {
        // Which element names another is a matter of ids: compare that
        // there is one, not its id.
        attrs[a.name] = /labelledby|describedby|controls/.test(a.name) ? '(id)' : a.value.replace(/\s+/g, ' ').trim();
      } else if (kept.includes(a.name)) {
        attrs[a.name] = a.value;
      }
    }
    const classes = [...el.classList].filter((c) => !c.startsWith('app-')).sort();
    let line = el.tagName.toLowerCase();
    if (classes.length) line += `.${classes.join('.')}`;
    for (const k of Object.keys(attrs).sort()) line += ` ${k}="${attrs[k]}"`;
    if (el.classList.contains('nhsuk-u-visually-hidden')) line += ` «${el.textContent.replace(/\s+/g, ' ').trim()}»`;
    return [line, ...[...el.children].flatMap(walk).map((l) => `  ${l}`)];
  };
  return walk(copy).join('\n');
}

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const page = (name) => {
  const p = pages.find((x) => x.name === name);
  assert.ok(p, `the browser suite has a page ${name}`);
  return p;
};

// Each component: where signpost writes it, and how to render
// nhsuk-frontend's with the same content. read(el) runs in the browser on
// signpost's element and returns what params(read) needs.
const components = [
  {
    name: 'skip link',
    page: 'home',
    selector: '.nhsuk-skip-link',
    component: 'skip-link',
    macro: 'skipLink',
    read: linkRead,
    params: (r) => r,
  },
  ...['home', 'section-articles', 'article', 'org-home'].map((name) => ({
    name: name === 'org-home' ? 'organisation header' : `header (${name})`,
    page: name,
    selector: 'header.nhsuk-header',
    component: 'header',
    macro: 'header',
    apply: ['noMenuToggle'],
    read: headerRead,
    params: headerParams,
  })),
  ...['home', 'org-home'].map((name) => ({
    name: `footer (${name})`,
    page: name,
    selector: 'footer.nhsuk-footer',
    component: 'footer',
    macro: 'footer',
    read: (el) => {
      const links = (ul) => [...ul.querySelectorAll('a')].map((a) => ({ text: a.textContent.trim(), href: a.getAttribute('href') }));
      const cols = [...el.querySelectorAll('.nhsuk-footer__navigation > div')];
      const meta = el.querySelector('.nhsuk-footer__meta');
      return {
        navigation: cols.map((c) => ({ heading: c.querySelector('h2')?.textContent.trim(), items: links(c.querySelector('ul')) })),
        columns: cols.length,
        meta: links(meta.querySelector('ul')),
        copyright: meta.querySelector('p')?.textContent.trim(),
      };
    },
    params: (r) => ({
      navigation: r.navigation.length ? r.navigation : undefined,
      columns: r.columns,
      meta: { items: r.meta },
      copyright: r.copyright ?? false,
    }),
  })),
  {
    name: 'notification banner',
    page: 'org-home',
    selector: '.nhsuk-notification-banner',
    component: 'notification-banner',
    macro: 'notificationBanner',
    read: (el) => ({
      title: el.querySelector('.nhsuk-notification-banner__title').textContent.trim(),
      html: el.querySelector('.nhsuk-notification-banner__content').innerHTML,
    }),
    params: (r) => ({ title: { text: r.title }, html: r.html }),
  },
  ...['article', 'page-nested'].map((name) => ({
    name: `breadcrumbs and back link (${name})`,
    page: name,
    selector: '.nhsuk-breadcrumb',
    component: 'breadcrumb',
    macro: 'breadcrumb',
    read: (el) => [...el.querySelectorAll('.nhsuk-breadcrumb__link')].map((a) => ({ text: a.textContent.trim(), href: a.getAttribute('href') })),
    params: (items) => ({ items }),
  })),
  {
    name: 'card, clickable, in a card group',
    page: 'section-articles',
    selector: '.nhsuk-card-group__item > .nhsuk-card',
    component: 'card',
    macro: 'card',
    read: cardRead,
    params: cardParams({ clickable: true }),
  },
  {
    name: 'card, clickable, in a card group under an h2 (home)',
    page: 'home',
    selector: '.nhsuk-card-group__item > .nhsuk-card',
    component: 'card',
    macro: 'card',
    read: cardRead,
    params: cardParams({ clickable: true }),
  },
  {
    name: 'card, clickable, written in Markdown',
    page: 'article-components',
    selector: '.app-body .nhsuk-card--clickable',
    component: 'card',
    macro: 'card',
    read: cardRead,
    params: cardParams({ clickable: true }),
  },
  {
    name: 'card, plain, with a details inside',
    page: 'article-components',
    selector: '.app-body .nhsuk-card:not([class*="--"])',
    component: 'card',
    macro: 'card',
    read: cardRead,
    params: cardParams({}),
  },
  ...[0, 1].map((index) => ({
    name: `warning card ${index + 1}`,
    page: 'article-components',
    selector: '.nhsuk-card--warning',
    index,
    component: 'card',
    macro: 'card',
    apply: ['noRoleText'],
    read: cardRead,
    params: cardParams({ variant: 'warning' }),
  })),
  {
    name: 'warning card (a superseded strategy)',
    page: 'strategy',
    selector: '.nhsuk-card--warning',
    component: 'card',
    macro: 'card',
    apply: ['noRoleText'],
    read: cardRead,
    params: cardParams({ variant: 'warning' }),
  },
  ...['tick', 'cross'].map((type) => ({
    name: `do and don't list (${type})`,
    page: 'article-components',
    selector: `.nhsuk-card--feature:has(.nhsuk-list--${type})`,
    component: 'do-dont-list',
    macro: 'list',
    read: (el) => ({
      heading: el.querySelector('.nhsuk-card__heading').textContent.trim(),
      level: Number(el.querySelector('.nhsuk-card__heading').tagName[1]),
      items: [...el.querySelectorAll('li')].map((li) => li.textContent.trim()),
    }),
    params: (r) => ({ heading: r.heading, headingLevel: r.level, type, items: r.items.map((item) => ({ item })) }),
  })),
  {
    name: 'inset text',
    page: 'article-components',
    selector: '.nhsuk-inset-text',
    component: 'inset-text',
    macro: 'insetText',
    read: insetRead,
    params: (r) => r,
  },
  {
    name: 'inset text with its own label',
    page: 'article-components',
    selector: '.nhsuk-inset-text',
    index: 1,
    component: 'inset-text',
    macro: 'insetText',
    read: insetRead,
    params: (r) => r,
  },
  {
    name: 'details (expander)',
    page: 'article-components',
    selector: '.app-body > details.nhsuk-details',
    component: 'details',
    macro: 'details',
    read: (el) => ({ summary: el.querySelector('.nhsuk-details__summary-text').textContent.trim(), html: el.querySelector('.nhsuk-details__text').innerHTML }),
    params: (r) => r,
  },
  ...['article', 'interview', 'strategy'].map((name) => ({
    name: `summary list (${name})`,
    page: name,
    selector: 'dl.nhsuk-summary-list',
    component: 'summary-list',
    macro: 'summaryList',
    read: (el) =>
      [...el.querySelectorAll('.nhsuk-summary-list__row')].map((row) => ({
        key: { text: row.querySelector('dt').textContent.trim() },
        value: { html: row.querySelector('dd').innerHTML },
      })),
    params: (rows) => ({ rows }),
  })),
  ...[
    ['article', 'section-articles'],
    ['interview', 'section-interviews'],
    ['strategy', 'section-strategy'],
    ['current', 'section-strategy'],
  ].map(([what, name]) => ({
    name: `tag (${what})`,
    page: name,
    selector: what === 'current' ? '.nhsuk-tag--green' : what === 'article' ? '.nhsuk-tag:not([class*="--"])' : `.nhsuk-tag--${what === 'interview' ? 'purple' : 'aqua-green'}`,
    component: 'tag',
    macro: 'tag',
    read: (el) => ({ text: el.textContent.trim(), classes: [...el.classList].filter((c) => c !== 'nhsuk-tag').join(' ') || undefined }),
    params: (r) => r,
  })),
  {
    name: 'action link',
    page: 'strategy',
    selector: '.nhsuk-action-link',
    component: 'action-link',
    macro: 'actionLink',
    read: linkRead,
    params: (r) => r,
  },
  {
    name: 'pagination: previous and next in a section',
    page: 'page-nested',
    selector: 'nav.nhsuk-pagination',
    component: 'pagination',
    macro: 'pagination',
    read: paginationRead,
    params: (r) => r,
  },
  {
    name: 'pagination: the pages of a list',
    page: 'section-page-2',
    selector: 'nav.nhsuk-pagination',
    component: 'pagination',
    macro: 'pagination',
    read: paginationRead,
    params: (r) => r,
  },
  {
    name: 'contents list (the page’s headings)',
    page: 'article-components',
    selector: 'nav.nhsuk-contents-list:not(.app-section-nav)',
    component: 'contents-list',
    macro: 'contentsList',
    read: contentsRead,
    params: (r) => r,
  },
  {
    name: 'contents list (the section’s pages)',
    page: 'page-nested',
    selector: 'nav.app-section-nav',
    component: 'contents-list',
    macro: 'contentsList',
    apply: ['sectionNavHeading'],
    read: contentsRead,
    params: (r) => r,
  },
  {
    name: 'table with a caption',
    page: 'article-components',
    selector: '.nhsuk-scroll',
    component: 'tables',
    macro: 'table',
    apply: ['scrollRegionByScript'],
    read: tableRead,
    params: (r) => r,
  },
  {
    name: 'code',
    page: 'article-markdown-features',
    selector: '.nhsuk-code',
    component: 'code',
    macro: 'code',
    apply: ['scrollRegionByScript'],
    read: (el) => ({ html: el.querySelector('code').innerHTML }),
    params: (r) => r,
  },
  {
    name: 'image with a caption',
    page: 'article-components',
    selector: 'figure.nhsuk-image',
    component: 'images',
    macro: 'image',
    read: (el) => ({ src: el.querySelector('img').getAttribute('src'), alt: el.querySelector('img').alt, caption: el.querySelector('figcaption')?.textContent.trim() }),
    params: (r) => r,
  },
];

// The readers run in the browser: they are plain functions, without
// outside references.
function linkRead(el) {
  return { text: el.textContent.trim(), href: el.getAttribute('href') };
}

function headerRead(el) {
  const org = el.querySelector('.nhsuk-header__organisation-name');
  const split = el.querySelector('.nhsuk-header__organisation-name-split');
  const label = el.querySelector('.nhsuk-header__search label');
  return {
    service: { text: el.querySelector('.nhsuk-header__service-name').textContent.trim(), href: el.querySelector('.nhsuk-header__service-logo').getAttribute('href') },
    organisation: org && {
      name: [...org.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join('').trim(),
      split: split?.textContent.trim(),
      descriptor: el.querySelector('.nhsuk-header__organisation-name-descriptor')?.textContent.trim(),
    },
    search: label && {
      action: el.querySelector('.nhsuk-header__search form').getAttribute('action'),
      visuallyHiddenLabel: label.textContent.trim(),
      placeholder: el.querySelector('.nhsuk-header__search input').getAttribute('placeholder'),
    },
    items: [...el.querySelectorAll('.nhsuk-header__navigation-list > .nhsuk-header__navigation-item')].map((li) => {
      const a = li.querySelector('a');
      return { text: a.textContent.trim(), href: a.getAttribute('href'), current: a.getAttribute('aria-current') === 'page', active: a.getAttribute('aria-current') === 'true' };
    }),
  };
}

function headerParams(r) {
  const o = r.organisation;
  return {
    // The theme's home link names the organisation's descriptor too,
    // which nhsuk-frontend's leaves out of it, though it is visible text
    // of the link (axe: label-content-name-mismatch, WCAG 2.5.3).
    logo: o?.descriptor ? { ariaLabel: ['NHS', o.name, o.split, o.descriptor, r.service.text, 'homepage'].filter(Boolean).join(' ') } : undefined,
    service: r.service,
    organisation: r.organisation ?? undefined,
    search: r.search ?? undefined,
    navigation: r.items.length ? { items: r.items } : undefined,
  };
}

function cardRead(el) {
  const h = el.querySelector('.nhsuk-card__heading');
  const hidden = h.querySelector('.nhsuk-u-visually-hidden');
  const link = h.querySelector('a');
  const text = [...h.querySelectorAll('*:not(.nhsuk-u-visually-hidden)')].length
    ? h.textContent.replace(hidden?.textContent ?? '', '').trim()
    : h.textContent.trim();
  const content = el.querySelector('.nhsuk-card__content');
  const rest = [...content.children].filter((c) => c !== h);
  const description = rest.length === 1 && rest[0].matches('p.nhsuk-card__description') ? { text: rest[0].textContent.trim() } : { html: rest.map((c) => c.outerHTML).join('') };
  return {
    heading: {
      text,
      level: Number(h.tagName[1]),
      size: (h.className.match(/nhsuk-heading-(xs|s|m|l|xl)/) ?? [])[1],
      visuallyHiddenText: hidden?.textContent.replace(/:\s*$/, '').trim(),
    },
    href: link?.getAttribute('href'),
    description,
  };
}

function cardParams(extra) {
  return (r) => ({ ...extra, heading: r.heading, href: r.href ?? undefined, description: r.description });
}

function insetRead(el) {
  const hidden = el.querySelector(':scope > .nhsuk-u-visually-hidden');
  return {
    visuallyHiddenText: hidden.textContent.replace(/:\s*$/, '').trim(),
    html: [...el.children].filter((c) => c !== hidden).map((c) => c.outerHTML).join('') || '<p></p>',
  };
}

function paginationRead(el) {
  const side = (cls) => {
    const a = el.querySelector(`.nhsuk-pagination__link--${cls}`);
    return a ? { href: a.getAttribute('href'), labelText: a.querySelector('.nhsuk-pagination__page')?.textContent.trim() } : undefined;
  };
  return { previous: side('prev'), next: side('next'), ariaLabel: el.getAttribute('aria-label') ?? undefined };
}

function contentsRead(el) {
  const hidden = el.querySelector(':scope > h2.nhsuk-u-visually-hidden');
  return {
    ariaLabel: el.getAttribute('aria-label'),
    visuallyHiddenText: hidden?.textContent.trim(),
    items: [...el.querySelectorAll('.nhsuk-contents-list__item')].map((li) => {
      const a = li.querySelector('a');
      return a ? { text: a.textContent.trim(), href: a.getAttribute('href') } : { text: li.textContent.trim(), current: true };
    }),
  };
}

function tableRead(el) {
  const cell = (c) => ({
    text: c.textContent.trim(),
    align: c.classList.contains('nhsuk-u-text-align-right') ? 'right' : c.classList.contains('nhsuk-u-text-align-centre') ? 'centre' : c.classList.contains('nhsuk-u-text-align-left') ? 'left' : undefined,
  });
  return {
    scroll: true,
    caption: el.querySelector('caption')?.textContent.trim(),
    head: [...el.querySelectorAll('thead th')].map(cell),
    rows: [...el.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map(cell)),
  };
}

describe('NHS.UK components match nhsuk-frontend 10', () => {
  for (const c of components) {
    test(c.name, async () => {
      const { page: tab, watcher } = await visit(browser.context, page(c.page));
      const apply = c.apply ?? [];
      const read = await tab.evaluate(
        ({ fn, selector, index }) => {
          const el = document.querySelectorAll(selector)[index ?? 0];
          // eslint-disable-next-line no-new-func
          return el ? new Function(`return (${fn})`)()(el) : null;
        },
        { fn: c.read.toString(), selector: c.selector, index: c.index },
      );
      assert.ok(read, `${c.page}: no ${c.selector}`);
      await tab.evaluate(installDifferences, differencesSource);
      const ours = await tab.evaluate(shape, { selector: c.selector, index: c.index, apply });
      await watcher.check();
      await tab.close();

      // nhsuk-frontend's, in a blank page of the same browser.
      const html = render(c.component, c.macro, c.params(read));
      const blank = await browser.context.newPage();
      await blank.setContent(`<!DOCTYPE html><html><body>${html.trim()}</body></html>`);
      await blank.evaluate(installDifferences, differencesSource);
      const theirs = await blank.evaluate(shape, { selector: null, apply });
      await blank.close();
      assert.ok(theirs, `nhsuk-frontend's ${c.component} rendered nothing`);
      assert.equal(ours, theirs, `${c.name} on ${c.page} (actual) differs from nhsuk-frontend 10's ${c.component}/template.njk (expected), rendered as:\n${html}`);
    });
  }
});
