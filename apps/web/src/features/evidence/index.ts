export { StepEvidence, type StepEvidenceProps } from './step-evidence';
export { DetectionViewer, type DetectionViewerProps, type ViewerDetection } from './detection-viewer';
export { ClassifierScores, type ClassifierScoresProps } from './classifier-scores';
export { OcrEvidence, type OcrEvidenceProps } from './ocr-evidence';
export { RuleTrace, type RuleTraceProps } from './rule-trace';
export { FrameStrip, type FrameStripProps, type StripFrame } from './frame-strip';
export { JsonView } from './json-view';
export { classColor } from './class-colors';
export { defaultMediaUrl, type MediaUrl } from './media-url';
export {
  classifyValue,
  evidenceOf,
  formatScore,
  formatTimestamp,
  frameSamplesSchema,
  type Classification,
  type Decision,
  type Detections,
  type EvidenceItem,
  type FrameSamples,
  type MediaRef,
  type TextResult,
} from './evidence-model';
