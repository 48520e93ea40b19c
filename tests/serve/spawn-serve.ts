import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface ServeChild {
  child: ChildProcess;
  base: string;
  stderr: () => string;
  /** SIGTERM, then waits for the exit. */
  stop: () => Promise<void>;
  /** SIGKILL (kill -9), then waits for the exit. */
  kill9: () => Promise<void>;
}

/**
 * Starts `alsrec serve … --port 0 --json` as a child process (through tsx, from the sources) and
 * resolves once it printed its address.
 */
export function spawnServe(args: string[], env: Record<string, string> = {}): Promise<ServeChild> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'src/cli/main.ts'), 'serve', ...args, '--port', '0', '--json'], {
    cwd: REPO,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  let out = '';
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`alsrec serve did not start in 30 s:\n${err}`)), 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`alsrec serve exited with ${code} before listening:\n${err}`));
    });
    child.stdout!.on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (!line) return;
      clearTimeout(timer);
      const info = JSON.parse(line) as { url: string };
      resolve({
        child,
        base: info.url,
        stderr: () => err,
        stop: async () => {
          child.kill('SIGTERM');
          await exited;
        },
        kill9: async () => {
          child.kill('SIGKILL');
          await exited;
        },
      });
    });
  });
}
