// Parses each Atom feed named on the command line with a real feed parser,
// @rowanmanning/feed-parser (the one feed readers built on node-feedparser
// use), and prints what it read as JSON, for feeds_test.go to check.
import { readFileSync } from 'node:fs';
import { parseFeed } from '@rowanmanning/feed-parser';

const out = {};
for (const file of process.argv.slice(2)) {
  try {
    const feed = parseFeed(readFileSync(file, 'utf8'));
    out[file] = {
      type: feed.meta.type,
      title: feed.title,
      self: feed.self,
      updated: feed.updated && feed.updated.toISOString(),
      items: feed.items.map((item) => ({
        id: item.id,
        title: item.title,
        url: item.url,
        published: item.published && item.published.toISOString(),
        updated: item.updated && item.updated.toISOString(),
        authors: item.authors.map((a) => a.name),
      })),
    };
  } catch (err) {
    out[file] = { error: String(err) };
  }
}
console.log(JSON.stringify(out));
