import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { setFullCollector } from '../data/release-buffers.js';

let gc: (() => void) | null = null;

/**
 * Lets data/release-buffers.ts run a full garbage collection when it has let go of big buffers, so
 * their bytes leave the process at once (a fit with consumeData frees the rows while it builds the
 * CSRs; the end of a windowed fit frees the CSRs before the model is saved). Node exposes `gc` only
 * under --expose-gc; setting the flag at run time and taking `gc` from a fresh context gives the
 * same function without a command-line flag. Registered by alsrec/node and the CLI; calling it again re-registers the same function.
 */
export function useFullGcOnRelease(): void {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  setFullCollector(gc);
}
