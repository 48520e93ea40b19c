import { runCli } from '../../src/cli/program.js';

/** Runs `alsrec ...args` in-process and returns what it printed and its exit code. */
export async function alsrec(args: string[], env: Record<string, string | undefined> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    isTTY: false,
    env: { ...env },
  });
  return { code, stdout, stderr };
}
