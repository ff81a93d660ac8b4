export {
  OcrError,
  createTesseractOcr,
  defaultLangPath,
  type OcrCrop,
  type OcrErrorCode,
  type OcrRecognition,
  type OcrRequest,
  type TesseractOcr,
  type TesseractOcrOptions,
} from './tesseract-ocr.ts';
export { locateSerial, type LocatedSerial, type OcrLine, type OcrLineWord } from './locate-serial.ts';
export { createTesseractOcrBackend, type TesseractOcrBackendOptions } from './ocr-backend.ts';
