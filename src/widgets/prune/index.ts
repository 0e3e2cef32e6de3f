// Pruning widgets (lesson 4): they run every pruning job in the page's model worker.
export { PruneModel } from './PruneModel';
export { SensitivityScan } from './SensitivityScan';
export { PruneRetrain } from './PruneRetrain';
export { WhatWasPruned } from './WhatWasPruned';
export { HonestSpeed } from './HonestSpeed';
export { StructuredPicture } from './StructuredPicture';
