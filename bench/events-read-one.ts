/** Child of bench/events-throughput.ts: reads one event log and prints {events, pairs, seconds, peakRssMB} as JSON. */
import { DEFAULT_EVENT_WEIGHTS } from '../src/events/event-weights.js';
import { readEventLog } from '../src/io/read-event-log.js';

const [path, halfLife] = process.argv.slice(2);
const t0 = performance.now();
const { data, events } = await readEventLog(path!, DEFAULT_EVENT_WEIGHTS, { halfLife: halfLife ? Number(halfLife) : undefined });
const seconds = (performance.now() - t0) / 1000;
console.log(JSON.stringify({ events, pairs: data.users.length, users: data.userIds.size, items: data.itemIds.size, seconds, peakRssMB: process.resourceUsage().maxRSS / 1024 }));
