import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The editor bundles `src/index.ts`. This walks its static import graph and fails if
 * anything server-side became reachable: a `node:` module, an executor, the test kit, or
 * a package that is not known to be browser-safe.
 */
const SRC = dirname(fileURLToPath(import.meta.url));
const BROWSER_SAFE_PACKAGES = new Set(['zod', '@marcbachmann/cel-js']);
const IMPORT =
  /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g;

function reachable(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop();
    if (file === undefined || files.has(file)) continue;
    files.add(file);
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(IMPORT)) {
      const specifier = match[1] ?? match[2] ?? match[3] ?? '';
      if (specifier.startsWith('.')) queue.push(join(dirname(file), specifier.replace(/\.js$/, '.ts')));
      else packages.add(specifier);
    }
  }
  return { files: [...files].map((f) => relative(SRC, f)).sort(), packages: [...packages].sort() };
}

describe('browser-safe entry', () => {
  const { files, packages } = reachable(join(SRC, 'index.ts'));

  it('reaches every node definition', () => {
    expect(files.filter((f) => f.endsWith('.definition.ts'))).toHaveLength(9);
  });

  it('reaches no executor, test kit or server entry', () => {
    expect(files.filter((f) => /\.execute\.ts$|^testing\/|^server\.ts$|\.test\.ts$/.test(f))).toEqual([]);
  });

  it('imports only browser-safe packages', () => {
    expect(packages.filter((p) => !BROWSER_SAFE_PACKAGES.has(p))).toEqual([]);
  });

  it('the walker does see server code from the server entry', () => {
    const server = reachable(join(SRC, 'server.ts'));
    expect(server.files).toContain('rule/rule.execute.ts');
    expect(server.files).toContain('testing/fake-node-context.ts');
  });
});
