import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * benfred/implicit as a peer: the pinned version from PyPI (manylinux wheels only, nothing built)
 * in a virtual environment created once under ~/.cache/alsrec/peer-venvs/implicit-<version>
 * ($ALSREC_PEER_VENVS overrides the root). Its dependencies are pinned too, so that two runs of
 * `npm run bench -- --peers implicit` on two days measure the same code.
 */
export const IMPLICIT_VERSION = '0.7.2';
export const IMPLICIT_REQUIREMENTS = [`implicit==${IMPLICIT_VERSION}`, 'numpy==2.4.6', 'scipy==1.17.1', 'threadpoolctl==3.8.0', 'tqdm==4.70.1'];

/** Python 3.11 (implicit 0.7.2 ships cp311 wheels); $ALSREC_PEER_PYTHON overrides. */
const PYTHON = process.env.ALSREC_PEER_PYTHON ?? 'python3.11';

export function implicitVenvDir(): string {
  const root = process.env.ALSREC_PEER_VENVS ?? join(homedir(), '.cache', 'alsrec', 'peer-venvs');
  return join(root, `implicit-${IMPLICIT_VERSION}`);
}

/** The venv's python, creating the venv first if it is not there. */
export async function ensureImplicitVenv(log: (line: string) => void): Promise<string> {
  const dir = implicitVenvDir();
  const python = join(dir, 'bin', 'python');
  if (existsSync(join(dir, '.complete'))) return python;
  log(`creating ${dir} (${IMPLICIT_REQUIREMENTS.join(' ')}) …\n`);
  // A venv holds its own path in its scripts: made in place, marked complete only at the end.
  await rm(dir, { recursive: true, force: true });
  try {
    await run(PYTHON, ['-m', 'venv', dir]);
    await run(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--only-binary=:all:', ...IMPLICIT_REQUIREMENTS]);
    await writeFile(join(dir, '.complete'), `${IMPLICIT_REQUIREMENTS.join('\n')}\n`);
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`bench --peers implicit: could not create the venv (${(e as Error).message}); needs ${PYTHON} and PyPI, or set ALSREC_PEER_PYTHON`);
  }
  return python;
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (b: Buffer) => (err += b.toString()));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.slice(0, 2).join(' ')} exited with ${code}: ${err.trim().slice(-400)}`))));
  });
}
