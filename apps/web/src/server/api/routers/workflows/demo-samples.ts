import { workspaceProcedure } from '@/server/api/trpc';
import { DEMO_SAMPLES } from '@/server/services/workflows/demo-samples';
import { ZDemoSamplesInput, ZDemoSamplesOutput } from './demo-samples.types';

/** Demo warranty claims to test-run a draft with, when no photo is at hand. */
export const demoSamplesProcedure = workspaceProcedure('workflow:read')
  .input(ZDemoSamplesInput)
  .output(ZDemoSamplesOutput)
  .query(() =>
    DEMO_SAMPLES.map((s) => ({
      key: s.key,
      title: s.title,
      description: s.description,
      fileCount: s.files.length,
      record: s.record,
      preview: `data:image/jpeg;base64,${s.files[0]!.base64}`,
    })),
  );
