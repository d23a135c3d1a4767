# Convert the NHSBSA playbook's src into signpost articles (for evaluation only).
import os, re, sys, yaml
src = '/work/shared/corpora/nhsbsa-digital-playbook/src'
out = sys.argv[1]
os.makedirs(out + '/content/articles', exist_ok=True)
open(out + '/signpost.toml', 'w').write('title = "NHSBSA playbook"\n')
n = 0
for root, _, files in os.walk(src):
    for f in files:
        if not f.endswith('.md'): continue
        p = os.path.join(root, f)
        rel = os.path.relpath(p, src)[:-3]
        text = open(p, encoding='utf-8').read()
        m = re.match(r'---\s*\n(.*?)\n---[ \t]*\n?(.*)', text, re.S)
        if not m: continue
        try: fm = yaml.safe_load(m.group(1)) or {}
        except Exception: fm = {}
        body = m.group(2)
        title = fm.get('title') or ''
        if not title: continue
        body = re.sub(r'\{%.*?%\}', '', body, flags=re.S)
        body = re.sub(r'\{\{.*?\}\}', '', body, flags=re.S)
        body = re.sub(r'^\s*(:::|!!!).*$', '', body, flags=re.M)
        body = re.sub(r'<[^>]+>', ' ', body)
        body = re.sub(r'!\[[^\]]*\]\([^)]*\)', '', body)
        body = re.sub(r'\]\((?!https?:)[^)]*\)', '](https://example.org/)', body)
        body = re.sub(r'^\[([^\]]+)\]:\s*<?(?!https?:)\S*>?\s*$', r'[\1]: https://example.org/', body, flags=re.M)
        desc = fm.get('description') or ''
        if not desc:
            paras = [x.strip() for x in body.split('\n\n') if x.strip() and not x.strip().startswith(('#', '|', '-', '*', '`'))]
            desc = paras[0][:200] if paras else title
        tags = fm.get('tags') or []
        if isinstance(tags, str): tags = [tags]
        tags = [str(t).strip() for t in tags if t]
        slug = rel.replace('/', '-').replace('_', '-').lower()
        d = {'title': str(title).strip(), 'date': '2024-01-01', 'summary': re.sub(r'\s+', ' ', str(desc)).strip(), 'tags': tags}
        with open(f'{out}/content/articles/{slug}.md', 'w', encoding='utf-8') as w:
            w.write('---\n' + yaml.safe_dump(d, allow_unicode=True, sort_keys=True) + '---\n\n' + body)
        n += 1
print(n, 'pages')
