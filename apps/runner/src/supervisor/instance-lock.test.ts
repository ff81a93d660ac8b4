import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireInstanceLock } from './instance-lock.ts';

const tmp = () => path.join(mkdtempSync(path.join(os.tmpdir(), 'lock-')), 'conveyor.pid');

describe('acquireInstanceLock', () => {
  it('writes our pid and removes it on release', () => {
    const file = tmp();
    const release = acquireInstanceLock(file);
    expect(readFileSync(file, 'utf8')).toBe(String(process.pid));
    release();
    expect(existsSync(file)).toBe(false);
  });

  it('refuses a second start while the holder is alive, naming its pid', () => {
    const file = tmp();
    const holder = process.ppid; // alive for the duration of this test
    writeFileSync(file, String(holder));
    expect(() => acquireInstanceLock(file)).toThrow(new RegExp(`already running from this folder \\(pid ${holder}\\)`));
  });

  it('takes over a lock whose holder died (kill -9)', () => {
    const file = tmp();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(file, dead.stdout);
    const release = acquireInstanceLock(file);
    expect(readFileSync(file, 'utf8')).toBe(String(process.pid));
    release();
  });
});
