import { parentPort } from 'node:worker_threads';
import { kernelWorker, type WorkerMessage } from '../kernels/pool/kernel-worker.js';

/** Entry of a Node kernel worker thread: the platform-free worker body on Node's message port. */
const port = parentPort!;
const handle = kernelWorker((m) => port.postMessage(m));
port.on('message', (m: WorkerMessage) => handle(m));
