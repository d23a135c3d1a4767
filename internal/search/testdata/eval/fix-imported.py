# Make a site made by `signpost import` from a corpus of /work/shared/corpora build, for evaluation
# only: the corpora leave out images and documents, and some pages have no type, summary or date.
# Every page without a type becomes an article (with a title, a date and a summary from its first
# paragraph), images and links to missing files are dropped or pointed at example.org, and a
# heading id given twice in a page is dropped the second time.
#   signpost import eleventy /work/shared/corpora/nhs-prevention-design-history site
#   python3 fix-imported.py site && signpost build --source site
import os, re, sys
root = sys.argv[1] + '/content'
alt = r'(?:[^\]\\\[]|\\.|\[[^\]]*\])*'
n = 0
for d, _, files in os.walk(root):
    for f in files:
        if not f.endswith('.md'): continue
        p = os.path.join(d, f)
        t = open(p, encoding='utf-8').read()
        m = re.match(r'---\n(.*?)\n---\n?(.*)', t, re.S)
        fm, body = (m.group(1), m.group(2)) if m else ('', t)
        def missing(target):
            target = target.split()[0] if target.split() else ''
            if re.match(r'(https?|mailto):', target) or target.endswith('.md') or '.md#' in target: return False
            if target.startswith('#'): return target == '#'
            return not os.path.exists(os.path.join(d, target.split('#')[0]))
        body = re.sub(r'!\[' + alt + r'\]\(([^)]*)\)', lambda mm: '' if missing(mm.group(1)) else mm.group(0), body)
        body = re.sub(r'(?<!!)\[(' + alt + r')\]\(([^)]*)\)',
                      lambda mm: '[%s](https://example.org/)' % mm.group(1) if missing(mm.group(2)) else mm.group(0), body)
        seen = set()
        def heading(mm):
            if mm.group(2) in seen: return mm.group(1)
            seen.add(mm.group(2))
            return mm.group(0)
        body = re.sub(r'^(#+ .*?) \{#([\w-]+)\}$', heading, body, flags=re.M)
        if not re.search(r'^type:', fm, re.M):
            fm = 'type: article\n' + fm
        if not re.search(r'^title:', fm, re.M):
            h = re.search(r'^# (.+)$', body, re.M)
            fm += '\ntitle: "%s"' % (h.group(1).replace('"', "'") if h else f[:-3])
        if not re.search(r'^date:', fm, re.M):
            fm += '\ndate: 2024-01-01'
        if not re.search(r'^(summary|description):', fm, re.M):
            paras = [x.strip() for x in body.split('\n\n') if x.strip() and not x.strip().startswith(('#', '|', '-', '*', '`', '!', '<', ':', '>', '{'))]
            s = re.sub(r'[\[\]*_`"\\]', '', re.sub(r'\([^)]*\)', '', paras[0]))[:200] if paras else re.search(r'^title: *(.*)$', fm, re.M).group(1).strip('"')
            fm += '\nsummary: "%s"' % (re.sub(r'\s+', ' ', s).strip().replace('"', "'") or 'Page')
        open(p, 'w', encoding='utf-8').write('---\n' + fm.strip('\n') + '\n---\n' + body)
        n += 1
print(n, 'files')
