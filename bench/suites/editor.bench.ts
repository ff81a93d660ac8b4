// The workflow editor in headless Chromium against the real product (`conveyor-runner up`
// over a production `next build`), with a 300-node workflow: time to interactive, frame
// time while panning, and the JavaScript the editor route transfers. Definitions in
// bench/README.md.
import { chromium, type Browser, type Page } from 'playwright-core';
import { createDb } from '@conveyor/db';
import { templates } from '@conveyor/nodes';
import { createWorkflow, saveDraft } from '../../apps/web/src/server/services/workflows/workflow-drafts.ts';
import globalSetup from '../../apps/web/e2e/support/global-setup.ts';
import { STATE_ENV, type E2EState } from '../../apps/web/e2e/support/roles.ts';
import { percentile, round, type BenchSuite } from '../lib/suite.ts';

const NODES = 300;
const RUNS = Number(process.env.BENCH_EDITOR_RUNS ?? 5);
const PAN_MS = Number(process.env.BENCH_EDITOR_PAN_MS ?? 2000);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// STACK.md: the flags Chromium needs in this sandbox. GPU off, so this is software raster.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const VIEWPORT = { width: 1440, height: 900 };

// Browser globals used by the functions that run in the page: the bench compiles without
// the DOM lib (it would clash with Node's fetch types), so they are declared, narrowly, here.
interface PageElement {
  getBoundingClientRect(): { left: number; top: number; width: number; height: number };
  contains(other: unknown): boolean;
  dataset: Record<string, string | undefined>;
  classList: { contains(name: string): boolean };
  style: { transform: string };
}
declare const document: {
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement> & Iterable<PageElement>;
  elementFromPoint(x: number, y: number): PageElement | null;
};
declare const window: object;
declare const requestAnimationFrame: (callback: (now: number) => void) => number;
declare const CSS: { escape(value: string): string };
type ResourceEntry = { name: string; initiatorType: string; transferSize: number };

type Graph = { nodes: Array<Record<string, unknown>>; edges: Array<Record<string, unknown>> };

/**
 * A realistic large graph: copies of the warranty-triage template (ingest → three models
 * fanning out → rule fanning in → review / webhook) laid out in a grid, one claim line per
 * copy, truncated to exactly `count` nodes (edges to a dropped node go with it).
 */
export function largeGraph(count: number): Graph {
  const template = templates.find((t) => t.key === 'warranty-triage')!.graph as unknown as Graph;
  const xs = template.nodes.map((n) => (n.position as { x: number }).x);
  const ys = template.nodes.map((n) => (n.position as { y: number }).y);
  const width = Math.max(...xs) - Math.min(...xs) + 480;
  const height = Math.max(...ys) - Math.min(...ys) + 240;
  const perRow = 4;
  const nodes: Graph['nodes'] = [];
  const edges: Graph['edges'] = [];
  for (let copy = 0; nodes.length < count; copy++) {
    const id = (node: string) => `c${copy}-${node}`;
    const dx = (copy % perRow) * width;
    const dy = Math.floor(copy / perRow) * height;
    for (const node of template.nodes) {
      if (nodes.length === count) break;
      const p = node.position as { x: number; y: number };
      nodes.push({
        ...structuredClone(node),
        id: id(node.id as string),
        label: `${node.label as string} #${copy + 1}`,
        position: { x: p.x + dx, y: p.y + dy },
      });
    }
    for (const edge of template.edges) {
      const from = edge.from as { node: string; port: string };
      const to = edge.to as { node: string; port: string };
      edges.push({
        id: `c${copy}-${edge.id as string}`,
        from: { node: id(from.node), port: from.port },
        to: { node: id(to.node), port: to.port },
      });
    }
  }
  const ids = new Set(nodes.map((n) => n.id));
  return {
    nodes,
    edges: edges.filter((e) => ids.has((e.from as { node: string }).node) && ids.has((e.to as { node: string }).node)),
  };
}

interface Sample {
  nodesMs: number;
  ttiMs: number;
  panP95: number;
  panFrames: number;
  jsKb: number;
}

/**
 * One cold load (fresh browser context: empty HTTP cache, signed in through next-auth's
 * credentials endpoint as in the e2e harness), then a pan.
 */
async function measure(browser: Browser, state: E2EState, url: string): Promise<Sample> {
  const context = await browser.newContext({ viewport: VIEWPORT, baseURL: state.baseUrl });
  try {
    const csrf = await context.request.get('/api/auth/csrf');
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const user = state.users.editor;
    const res = await context.request.post('/api/auth/callback/credentials', {
      form: { csrfToken, email: user.email, password: user.password, json: 'true', callbackUrl: state.baseUrl },
      maxRedirects: 0,
    });
    const cookies = await context.cookies(state.baseUrl);
    if (!cookies.some((c) => c.name.includes('next-auth.session-token'))) {
      throw new Error(`sign-in as ${user.email} failed (${res.status()})`);
    }
    // tsx (esbuild keepNames) wraps named functions in `__name(…)`; page functions run
    // where that helper does not exist.
    await context.addInitScript('globalThis.__name = (fn) => fn;');
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'commit' });

    // Every node of the workflow is in the DOM (times are from the navigation's start).
    const nodesMs = (await (
      await page.waitForFunction(
        (n) => (document.querySelectorAll('.react-flow__node').length >= n ? performance.now() : false),
        NODES,
        { polling: 'raf', timeout: 60_000 },
      )
    ).jsonValue()) as number;
    const ttiMs = await firstResponsiveClick(page);

    const pan = await panFrames(page);
    // Let anything the route still fetches after interaction settle before counting bytes.
    await page.waitForLoadState('networkidle').catch(() => {});
    const jsBytes = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .filter(
          (e) => /\.m?js$/.test(new URL(e.name).pathname) || (e as unknown as ResourceEntry).initiatorType === 'script',
        )
        .reduce((sum, e) => sum + (e as unknown as ResourceEntry).transferSize, 0),
    );
    return { nodesMs, ttiMs, panP95: percentile(pan, 95), panFrames: pan.length, jsKb: jsBytes / 1024 };
  } finally {
    await context.close();
  }
}

/**
 * Clicks the node nearest the canvas centre until React Flow marks it selected: the moment
 * the editor has hydrated and answers input. A click before hydration does nothing, so it
 * is repeated; the time is taken in the page when the selection shows.
 */
async function firstResponsiveClick(page: Page): Promise<number> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    // Nearest first by bounding box (one layout), then hit-test candidates in that order
    // until one is really under the pointer: elementFromPoint per node would cost a
    // hit-test each and inflate the figure being measured.
    const target = await page.evaluate(() => {
      const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
      if (!pane) return null;
      const cx = pane.left + pane.width / 2;
      const cy = pane.top + pane.height / 2;
      const candidates = Array.from(document.querySelectorAll('.react-flow__node'), (el) => {
        const r = el.getBoundingClientRect();
        const x = r.left + r.width / 2;
        const y = r.top + r.height / 2;
        return { el, id: el.dataset.id!, x, y, d: Math.hypot(x - cx, y - cy) };
      }).sort((a, b) => a.d - b.d);
      for (const c of candidates.slice(0, 5)) {
        if (c.el.contains(document.elementFromPoint(c.x, c.y))) return { id: c.id, x: c.x, y: c.y };
      }
      return null;
    });
    if (target) {
      await page.mouse.click(target.x, target.y);
      const selectedAt = await page
        .waitForFunction(
          (id) =>
            document.querySelector(`.react-flow__node[data-id="${CSS.escape(id)}"]`)?.classList.contains('selected')
              ? performance.now()
              : false,
          target.id,
          { polling: 'raf', timeout: 100 },
        )
        .then((h) => h.jsonValue() as Promise<number>)
        .catch(() => null);
      if (selectedAt !== null) return selectedAt;
    } else {
      await page.waitForTimeout(50);
    }
  }
  throw new Error('the editor never selected a clicked node within 60 s');
}

/** Drags the empty pane back and forth for PAN_MS; returns requestAnimationFrame deltas (ms). */
async function panFrames(page: Page): Promise<number[]> {
  // Deselect first, so the config panel does not change the canvas size mid-pan.
  const start = await page.evaluate(() => {
    const pane = document.querySelector('.react-flow')!.getBoundingClientRect();
    for (let fy = 0.3; fy <= 0.7; fy += 0.05) {
      for (let fx = 0.3; fx <= 0.7; fx += 0.05) {
        const x = pane.left + pane.width * fx;
        const y = pane.top + pane.height * fy;
        if (document.elementFromPoint(x, y)?.classList.contains('react-flow__pane')) return { x, y };
      }
    }
    return null;
  });
  if (!start) throw new Error('no empty pane near the canvas centre to drag');
  const before = await page.evaluate(() => document.querySelector('.react-flow__viewport')!.style.transform);
  await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __recording: boolean };
    w.__frames = [];
    w.__recording = true;
    let last = performance.now();
    const tick = (now: number) => {
      w.__frames.push(now - last);
      last = now;
      if (w.__recording) requestAnimationFrame(tick);
    };
    requestAnimationFrame((now) => {
      last = now;
      requestAnimationFrame(tick);
    });
  });
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  const t0 = Date.now();
  // A slow figure-of-eight, 300 px wide: every move is a real pan of the whole graph.
  while (Date.now() - t0 < PAN_MS) {
    const t = (Date.now() - t0) / 1000;
    await page.mouse.move(start.x + 150 * Math.sin(t * 3), start.y + 80 * Math.sin(t * 6));
    await page.waitForTimeout(8);
  }
  await page.mouse.up();
  const frames = await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __recording: boolean };
    w.__recording = false;
    return w.__frames.slice(1);
  });
  const after = await page.evaluate(() => document.querySelector('.react-flow__viewport')!.style.transform);
  if (after === before) throw new Error(`dragging the pane did not pan the canvas (${before})`);
  return frames;
}

const median = (values: number[]) => percentile(values, 50);
const spread = (values: number[]) =>
  `median ${round(median(values), 1)}, min ${round(Math.min(...values), 1)}, max ${round(Math.max(...values), 1)}`;

const suite: BenchSuite = {
  name: 'editor',
  description: `workflow editor, ${NODES}-node workflow, headless Chromium, ${RUNS} cold loads`,
  async run({ log }) {
    // The e2e harness's global setup: checks the build (CONVEYOR_WEB_DIST_DIR or .next),
    // clones a fresh database, starts `conveyor-runner up` on a free port and seeds users.
    const stop = await globalSetup();
    let browser: Browser | undefined;
    try {
      const state = JSON.parse(process.env[STATE_ENV]!) as E2EState;
      const db = createDb({ url: state.databaseUrl, max: 2, applicationName: 'conveyor-bench-editor' });
      let workflowId: string;
      try {
        const scope = { db, workspaceId: state.demoWorkspace.id };
        const created = await createWorkflow(scope, { name: `Bench ${NODES} nodes`, createdById: null });
        const graph = largeGraph(NODES);
        await saveDraft(scope, { workflowId: created.id, graph, expectedRevision: created.draftRevision });
        workflowId = created.id;
        log(`workflow ${workflowId}: ${graph.nodes.length} nodes, ${graph.edges.length} edges`);
      } finally {
        await db.close();
      }
      const url = `/w/${state.demoWorkspace.slug}/workflows/${workflowId}`;
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
      // A warm-up load (discarded): the server's first render of the route and its caches.
      await measure(browser, state, url);
      const samples: Sample[] = [];
      for (let i = 0; i < RUNS; i++) {
        const s = await measure(browser, state, url);
        log(
          `run ${i + 1}: nodes ${Math.round(s.nodesMs)} ms, interactive ${Math.round(s.ttiMs)} ms, ` +
            `pan p95 ${round(s.panP95, 1)} ms over ${s.panFrames} frames, JS ${round(s.jsKb, 1)} KB`,
        );
        samples.push(s);
      }
      log(`tti ms: ${spread(samples.map((s) => s.ttiMs))}`);
      log(`pan p95 ms: ${spread(samples.map((s) => s.panP95))}`);
      log(`route JS KB: ${spread(samples.map((s) => s.jsKb))}`);
      return {
        tti_ms_300_nodes: Math.round(median(samples.map((s) => s.ttiMs))),
        nodes_rendered_ms_300_nodes: Math.round(median(samples.map((s) => s.nodesMs))),
        pan_frame_ms_p95: round(median(samples.map((s) => s.panP95)), 1),
        route_js_kb: round(median(samples.map((s) => s.jsKb)), 1),
      };
    } finally {
      await browser?.close();
      await stop();
    }
  },
};

export default suite;
