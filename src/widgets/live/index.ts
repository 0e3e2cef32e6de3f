// Live-model widgets: they talk to the page's one model worker, so tfjs never loads on the main thread.
export { BackendPicker, BackendStatus } from './BackendPicker';
export { EvaluatePanel, type EvaluatePanelProps } from './EvaluatePanel';
export { LatencyPanel, type LatencyPanelProps } from './LatencyPanel';
export { LatencyChart } from './LatencyChart';
export { ModelUpload } from './ModelUpload';
export { LiveWidget } from './LiveWidget';
export { DigitImage } from './DigitImage';
export { JobStatus } from './JobStatus';
export { useJob, type Job, type JobState, type ReportProgress } from './useJob';
export { useModelWorker, type ModelWorkerHandle } from './useModelWorker';
export { useZooModels } from './useZooModels';
export { TfjsDownload, type TfjsDownloadResult } from './TfjsDownload';
