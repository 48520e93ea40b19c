import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';

/** What the figures were measured on. */
export interface Machine {
  cores: number;
  cpu: string;
  memoryGB: number;
  node: string;
  /** 1-, 5- and 15-minute load averages (other processes share the cores). */
  load: number[];
}

export function machine(): Machine {
  return {
    cores: availableParallelism(),
    cpu: cpuModel(),
    memoryGB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    load: loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

function cpuModel(): string {
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) return m[1]!.trim();
  } catch {
    // not Linux
  }
  return cpus()[0]?.model ?? 'unknown';
}
