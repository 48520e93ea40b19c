export { DEFAULT_EVENT_WEIGHTS, resolveEventWeights, type EventWeight, type EventWeights, type ResolvedWeights } from './event-weights.js';
export { EventAggregator, aggregateEvents, type AggregateOptions, type EventRow } from './aggregate-events.js';
export { bm25Weight, tfidfWeight } from './reweight.js';
