// Widgets of the faster-training lesson.
export { MemoryCalculator } from './MemoryCalculator';
export { Checkpointing } from './Checkpointing';
export { PipelineTimeline } from './PipelineTimeline';
