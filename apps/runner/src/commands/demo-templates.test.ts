import { describe, expect, it } from 'vitest';
import { templates } from '@conveyor/nodes';
import { demoTemplates, pointAtDemoClaimsSystem } from './up.ts';

describe('demoTemplates', () => {
  it("points the demo's webhooks and evidence requests at the web app's claims-system stand-in", () => {
    const [warranty] = demoTemplates('http://localhost:4123');
    const text = JSON.stringify(warranty!.publish!.graph);
    expect(text).not.toContain('claims.example.com');
    const urls = [...text.matchAll(/"url":"([^"]+)"/g)].map((m) => m[1]);
    expect(urls.sort()).toEqual([
      'http://localhost:4123/api/demo/claims-system/hooks/conveyor/decision',
      'http://localhost:4123/api/demo/claims-system/hooks/conveyor/evidence-request',
      'http://localhost:4123/api/demo/claims-system/hooks/conveyor/evidence-request',
    ]);
    // The draft the seed stores is the published graph's source, moved the same way.
    expect(JSON.stringify(warranty!.graph)).not.toContain('claims.example.com');
    expect(warranty!.webhookCredential).toBe('claims-webhook');
  });

  it('leaves the shared template and other hosts alone', () => {
    expect(JSON.stringify(templates[0]!.graph)).toContain('https://claims.example.com/');
    const graph = { nodes: [{ type: 'webhook', config: { url: 'https://erp.example.net/x' } }] };
    expect(pointAtDemoClaimsSystem(graph, 'http://localhost:3000')).toEqual(graph);
  });
});
