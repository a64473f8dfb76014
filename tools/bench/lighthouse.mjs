// Lighthouse (pinned in package.json) on several pages through one running Chrome.
//
//   node tools/bench/lighthouse.mjs --port 9222 --categories accessibility,best-practices URL...
//
// tools/bench/lighthouse.py starts Chrome (Debian's chromium, headless) with a remote
// debugging port and runs this once for all pages: Lighthouse's own launcher would start
// a Chrome and Node would load Lighthouse again for every page. Mobile preset (Lighthouse's
// default: a phone's screen, simulated slow 4G and a 4x slower CPU for the performance
// metrics). No screenshots are taken. Prints one JSON object per page on its own line:
//   {"url", "scores": {category: 0..100}, "metrics": {...}, "failed": [{id, title, score}],
//    "bytes": total transferred, "runtimeError": ...}
import lighthouse from "lighthouse";

function parse(argv) {
  const args = { port: 0, categories: ["performance", "accessibility", "best-practices"], urls: [] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--port") args.port = Number(argv[++i]);
    else if (argv[i] === "--categories") args.categories = argv[++i].split(",").filter(Boolean);
    else args.urls.push(argv[i]);
  }
  if (!args.port || !args.urls.length) {
    throw new Error("usage: lighthouse.mjs --port PORT [--categories a,b] URL...");
  }
  return args;
}

const METRICS = ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
  "cumulative-layout-shift", "speed-index"];

async function main() {
  const args = parse(process.argv.slice(2));
  const timed = args.categories.includes("performance");
  const flags = { port: args.port, output: "json", logLevel: "error",
                  onlyCategories: args.categories };
  const config = {
    extends: "lighthouse:default",
    // Screenshots serve the report's pictures only: never taken here.
    settings: { disableFullPageScreenshot: true,
                skipAudits: ["screenshot-thumbnails", "final-screenshot"] },
  };
  for (const url of args.urls) {
    const result = await lighthouse(url, flags, config);
    const lhr = result.lhr;
    const scores = {};
    const failed = [];
    for (const [id, category] of Object.entries(lhr.categories)) {
      scores[id] = category.score === null ? null : Math.round(category.score * 100);
      for (const ref of category.auditRefs) {
        const audit = lhr.audits[ref.id];
        if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
          failed.push({ category: id, id: ref.id, title: audit.title, score: audit.score });
        }
      }
    }
    const metrics = {};
    if (timed) {
      for (const id of METRICS) metrics[id] = lhr.audits[id] ? lhr.audits[id].numericValue : null;
    }
    const weight = lhr.audits["total-byte-weight"];
    process.stdout.write(JSON.stringify({
      url, scores, metrics, failed,
      bytes: weight ? weight.numericValue : null,
      runtimeError: lhr.runtimeError ? lhr.runtimeError.message : null,
      ms: Math.round(lhr.timing.total),
      warnings: lhr.runWarnings || [],
    }) + "\n");
  }
}

main().catch((err) => {
  process.stderr.write(((err && err.stack) || String(err)) + "\n");
  process.exit(1);
});
