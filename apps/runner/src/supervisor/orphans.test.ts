import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { reapOrphans, recordChildren } from './orphans.ts';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('orphan reaping', () => {
  it('stops recorded children that are still the same processes', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'orph-')), 'children.json');
    const child = spawn(process.execPath, ['-e', 'process.title = "renamed"; setInterval(() => {}, 1000)'], {
      stdio: 'ignore',
    });
    await new Promise((r) => setTimeout(r, 200));
    recordChildren(file, [child.pid!]);
    const exited = new Promise((r) => child.once('exit', r));
    await reapOrphans(file, () => {});
    await exited;
    expect(alive(child.pid!)).toBe(false);
  });

  it('leaves alone a pid that now belongs to another process', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'orph-')), 'children.json');
    writeFileSync(file, JSON.stringify([{ pid: process.pid, started: '1' }]));
    await reapOrphans(file, () => {});
    expect(alive(process.pid)).toBe(true);
  });
});
