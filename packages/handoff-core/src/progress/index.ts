export {
  createProgress,
  progressMode,
  SILENT_PROGRESS,
  type Progress,
  type ProgressOptions,
  type ProgressMode,
  type ProgressStream,
} from './create-progress';
export {
  formatBytes,
  formatDuration,
  formatProgressLine,
  formatDoneLine,
  formatStoppedLine,
  type ProgressState,
} from './format';
export { CI_LINE_POLICY, LOCAL_LINE_POLICY, LineSchedule, isCi, type LinePolicy } from './line-policy';
