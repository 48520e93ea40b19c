export { paramGrid, gridAxes, gridScalars, type GridSpec, type GridAxis, type ParamMap, type ParamValue } from './param-grid.js';
export {
  parseMetric,
  isLargerBetter,
  metricFamily,
  metricLabel,
  bestIndex,
  RATING_METRICS,
  RANKING_METRICS,
  BEYOND_ACCURACY_METRICS,
  type MetricName,
  type MetricChoice,
  type MetricFamily,
  type MetricValues,
} from './tuning-metric.js';
export { kFoldAssignment } from './k-fold.js';
export { crossValidationPlan, trainValidationPlan, explicitValidationPlan, splitParts, type SplitPlan } from './split-plan.js';
export { fitAndScore, type ScoreSpec, type FitScore } from './score-fit.js';
export { TUNABLE_KEYS, fitOptions, describeParams, checkConfigs } from './search-config.js';
export { inProcessRunner, type SearchRunner, type SearchTask, type TaskResult, type SearchEvents } from './search-runner.js';
export { runSearch, type SearchOptions, type ConfigResult, type TuningResult } from './run-search.js';
export { crossValidate, type CrossValidateOptions } from './cross-validate.js';
export { trainValidationSplit, type TrainValidationSplitOptions } from './train-validation-split.js';
export { metricMatrix, searchedAxes, type MetricMatrix } from './metric-matrix.js';
