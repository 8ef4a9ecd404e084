// The search page: results as the reader types, from the Pagefind index written after the build.
// Loaded only by the search page, from this site; Pagefind's own script and its index come from
// the index folder named by the page (data-bundle). Results are built as DOM nodes: Pagefind's
// excerpts are parsed inertly and only their text and <mark> highlights are kept.

const results = document.getElementById("search-results");
const status = document.getElementById("search-status");
const form = document.getElementById("search-form");
const input = form.elements.q;
const moreButton = document.getElementById("search-more");
const PAGE = 10;

const bundle = new URL(results.dataset.bundle, document.baseURI);
let pagefind = null;
let shown = [];
let found = [];
let latest = 0;

async function loadPagefind() {
  if (!pagefind) {
    pagefind = await import(new URL("pagefind.js", bundle).href);
    // Result URLs are paths from the site's root: the folder above the index, wherever the site lives.
    await pagefind.options({ baseUrl: new URL("..", bundle).pathname, excerptLength: 24 });
    pagefind.init();
  }
  return pagefind;
}

function say(text) {
  status.textContent = text;
}

function excerptNodes(html) {
  const parsed = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html").body;
  const nodes = [];
  for (const node of parsed.firstChild ? parsed.firstChild.childNodes : []) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      nodes.push(mark);
    } else {
      nodes.push(document.createTextNode(node.textContent));
    }
  }
  return nodes;
}

function resultItem(data) {
  const item = document.createElement("li");
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = (data.meta && data.meta.title) || data.url;
  heading.append(link);
  const excerpt = document.createElement("p");
  excerpt.append(...excerptNodes(data.excerpt || ""));
  item.append(heading, excerpt);
  return item;
}

async function showMore(asked) {
  const next = found.slice(shown.length, shown.length + PAGE);
  const data = await Promise.all(next.map((result) => result.data()));
  if (asked !== latest) return;
  shown = shown.concat(data);
  let list = results.querySelector("ol");
  if (!list) {
    list = document.createElement("ol");
    list.className = "search-results";
    results.append(list);
  }
  list.append(...data.map(resultItem));
  moreButton.hidden = shown.length >= found.length;
}

async function search(query) {
  const asked = ++latest;
  const words = query.trim();
  const url = new URL(window.location.href);
  if (words) url.searchParams.set("q", words);
  else url.searchParams.delete("q");
  window.history.replaceState(null, "", url);
  results.replaceChildren();
  moreButton.hidden = true;
  shown = [];
  found = [];
  if (!words) {
    say("");
    return;
  }
  say("Searching…");
  let engine;
  try {
    engine = await loadPagefind();
  } catch (error) {
    say("The search index could not be loaded. Browse the archives, the tags or the authors below.");
    return;
  }
  const response = await engine.debouncedSearch(words, {}, 200);
  if (response === null || asked !== latest) return; // a newer search replaced this one
  found = response.results;
  const count = found.length;
  say(count === 0 ? `No article matches “${words}”.` : `${count} ${count === 1 ? "article matches" : "articles match"} “${words}”.`);
  if (count) await showMore(asked);
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  search(input.value);
});
input.addEventListener("input", () => search(input.value));
moreButton.addEventListener("click", () => showMore(latest));

const asked = new URLSearchParams(window.location.search).get("q");
if (asked) {
  input.value = asked;
  search(asked);
}
